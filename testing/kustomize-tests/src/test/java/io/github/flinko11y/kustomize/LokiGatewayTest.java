package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import io.github.flinko11y.testsupport.process.ManagedProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered nginx configuration of the Loki gateway, run by the real nginx (Debian's nginx-light) on
 * loopback ports in front of a stand-in for Loki that records what reaches it: pushes pass only on the
 * push port, queries only on the query port. Only the addresses are changed for the test.
 */
class LokiGatewayTest {

    @TempDir
    Path dir;

    private final List<String> reachedLoki = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer loki;
    private ManagedProcess nginx;
    private int pushPort;
    private int queryPort;

    @BeforeEach
    void startGatewayInFrontOfLokiStandIn() throws Exception {
        loki = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        loki.createContext("/", exchange -> {
            reachedLoki.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        loki.start();
        pushPort = FreePorts.one();
        queryPort = FreePorts.one();

        String config = Renderer.render(Target.directory("kustomize/overlays/dev"))
                .configMapGeneratedAs("loki-gateway-config").path("data").path("nginx.conf").asText();
        config = replaceOnce(config, "server loki-backend:3100;", "server 127.0.0.1:" + loki.getAddress().getPort() + ";");
        config = replaceOnce(config, "listen 3101;", "listen 127.0.0.1:" + pushPort + ";");
        config = replaceOnce(config, "listen 3100;", "listen 127.0.0.1:" + queryPort + ";");
        config = config.replace("/tmp/", dir + "/");
        // The pod runs nginx as its unprivileged user; the build may run as root, where nginx wants one.
        config = "user nobody nogroup;\n" + config;
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);

        CommandLineTool.Result check = CommandLineTool.run(dir, "nginx", "-t", "-p", dir.toString(), "-c", file.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        nginx = ManagedProcess.start("nginx",
                List.of("nginx", "-p", dir.toString(), "-c", file.toString(), "-g", "daemon off;"), Map.of(), dir);
        awaitListening(pushPort);
        awaitListening(queryPort);
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (loki != null) {
            loki.stop(0);
        }
    }

    @Test
    void pushPortPassesPushesOnly() throws Exception {
        assertThat(post(pushPort, "/loki/api/v1/push")).isEqualTo(204);
        assertThat(get(pushPort, "/loki/api/v1/query_range?query=%7Bcluster%3D%22a%22%7D")).isEqualTo(403);
        assertThat(get(pushPort, "/loki/api/v1/labels")).isEqualTo(403);

        assertThat(reachedLoki).containsExactly("POST /loki/api/v1/push");
    }

    @Test
    void queryPortPassesQueriesButNoPush() throws Exception {
        assertThat(post(queryPort, "/loki/api/v1/push")).isEqualTo(403);
        assertThat(post(queryPort, "/api/prom/push")).isEqualTo(403);
        assertThat(post(queryPort, "/otlp/v1/logs")).isEqualTo(403);
        assertThat(get(queryPort, "/loki/api/v1/query_range?query=%7Bcluster%3D%22a%22%7D")).isEqualTo(204);
        assertThat(get(queryPort, "/loki/api/v1/labels")).isEqualTo(204);

        assertThat(reachedLoki).containsExactly("GET /loki/api/v1/query_range", "GET /loki/api/v1/labels");
    }

    private int post(int port, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"streams\":[]}")).header("Content-Type", "application/json"));
    }

    private int get(int port, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    private int send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String replaceOnce(String text, String target, String replacement) {
        assertThat(text.split(java.util.regex.Pattern.quote(target), -1)).as("'" + target + "' once in nginx.conf").hasSize(2);
        return text.replace(target, replacement);
    }

    private void awaitListening(int port) {
        Await.atMost(Duration.ofSeconds(10)).pollEvery(Duration.ofMillis(50)).until(
                "nginx listening on " + port, () -> {
                    assertThat(nginx.isAlive()).as(() -> "nginx exited: " + log()).isTrue();
                    try (Socket ignored = new Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    private String log() {
        return nginx.output();
    }
}
