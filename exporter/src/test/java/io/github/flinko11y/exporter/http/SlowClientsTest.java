package io.github.flinko11y.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.PrometheusExporter;
import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.TestExporters;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import io.github.flinko11y.testsupport.Await;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that connect and then send nothing, or stop in the middle of their request, must not
 * take the endpoint away from Prometheus: more of them than the server has threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientsTest {

    private final List<Socket> sockets = new ArrayList<>();
    private PrometheusExporter exporter;

    @AfterEach
    void close() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    private void start() {
        exporter = TestExporters.start("jvmStats.enabled", "false");
        SimpleCounter counter = new SimpleCounter();
        counter.inc(7);
        exporter.notifyOfAddedMetric(counter, "numRecordsIn", new TestMetricGroup("taskmanager", "<tm_id>", "tm"));
    }

    private Socket connect() throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), exporter.port());
        sockets.add(socket);
        return socket;
    }

    @Test
    void idleConnectionsDoNotBlockScrapes() throws Exception {
        start();
        for (int i = 0; i < 20; i++) {
            connect(); // connected, nothing sent
        }

        for (int i = 0; i < 5; i++) {
            assertThat(Http.scrape(exporter.port())).contains("flink_taskmanager_numRecordsIn{tm_id=\"tm\",} 7.0\n");
        }
    }

    @Test
    void requestsThatStopHalfwayDoNotBlockScrapes() throws Exception {
        start();
        for (int i = 0; i < 20; i++) {
            OutputStream out = connect().getOutputStream();
            out.write("GET /metrics HTTP/1.1\r\nHost: slow\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush(); // the blank line that ends the headers never comes
        }

        for (int i = 0; i < 5; i++) {
            assertThat(Http.scrape(exporter.port())).contains("flink_taskmanager_numRecordsIn{tm_id=\"tm\",} 7.0\n");
        }
    }

    @Test
    void aRequestTrickledByteByByteIsCutOffAtTheDeadline() throws Exception {
        start();
        Socket socket = connect();
        socket.setSoTimeout(30_000);
        byte[] request = "GET /metrics HTTP/1.1\r\nHost: slow\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
        Thread trickle = new Thread(() -> {
            try {
                for (byte b : request) {
                    socket.getOutputStream().write(b); // a byte every 0.5 s: never a 10 s pause
                    socket.getOutputStream().flush();
                    Thread.sleep(500);
                }
            } catch (Exception e) {
                // closed by the server, as expected
            }
        });
        trickle.setDaemon(true);
        trickle.start();

        assertThat(socket.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        assertThat(exporter.stats().expiredRequests.sum()).isEqualTo(1);
        trickle.interrupt();
    }

    @Test
    void requestsThatNeverCompleteAreCutOffAfterTheDeadline() throws Exception {
        start();
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // more than the server has workers
            Socket socket = connect();
            socket.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.add(socket);
        }

        // served once the deadline (10 s) has freed the workers the stuck clients held
        assertThat(Http.scrape(exporter.port())).contains("flink_taskmanager_numRecordsIn{tm_id=\"tm\",} 7.0\n");

        // the workers' deadlines fall due together but are counted one by one
        Await.atMost(Duration.ofSeconds(15)).until("32 expired requests counted",
                () -> exporter.stats().expiredRequests.sum() >= 32);
        Socket first = slow.get(0);
        first.setSoTimeout(20_000);
        assertThat(first.getInputStream().read()).as("the server closed the stuck connection").isEqualTo(-1);
    }
}
