package io.github.flinko11y.testsupport.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.testsupport.HttpProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushgatewayServerTest {

    private static final String USER = "flink";
    private static final String PASSWORD = "push-secret";
    /** bcrypt (cost 4) of {@link #PASSWORD}, made once with crypt(3) of libcrypt. */
    private static final String PASSWORD_BCRYPT = "$2b$04$Nzkfza2loLeluwVaIhou8OE/1gP/eOYJ2teLtZen3GzSomYyolxk.";

    @TempDir
    Path dir;

    @Test
    void aGatewayBehindBasicAuthRefusesOthersAndAnswersItsOwnRequests() {
        try (PushgatewayServer gateway = PushgatewayServer.startWithBasicAuth(dir, USER, PASSWORD_BCRYPT, PASSWORD)) {
            assertThat(HttpProbe.status(gateway.url() + "/metrics")).isEqualTo(401);

            byte[] body = "# TYPE flink_c gauge\nflink_c 3\n".getBytes(StandardCharsets.UTF_8);
            assertThat(gateway.request("PUT", "/metrics/job/t", body).status()).isEqualTo(200);
            gateway.barrier();

            assertThat(gateway.samples("flink_")).containsExactly("flink_c{instance=\"\",job=\"t\"} 3");
        }
    }

    @Test
    void aGatewayRestartsOnThePortOfOneThatStopped() {
        int port;
        try (PushgatewayServer gateway = PushgatewayServer.start(dir)) {
            port = gateway.port();
            assertThat(gateway.request("PUT", "/metrics/job/t", "flink_c 1\n".getBytes(StandardCharsets.UTF_8)).status())
                    .isEqualTo(200);
            assertThat(gateway.samples("flink_")).containsExactly("flink_c{instance=\"\",job=\"t\"} 1");
        }
        try (PushgatewayServer restarted = PushgatewayServer.start(dir, port)) {
            assertThat(restarted.url()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(restarted.samples("flink_")).as("in memory only").isEmpty();
        }
    }
}
