package io.github.flinko11y.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.PrometheusExporter;
import io.github.flinko11y.exporter.testing.TestExporters;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The endpoint's HTTP/1.1, byte for byte over a raw socket: keep-alive as Prometheus uses it,
 * fixed-length and chunked bodies, HEAD, and requests it refuses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpProtocolTest {

    private static final String SAMPLE = "flink_taskmanager_numRecordsIn{tm_id=\"tm\",} 7.0\n";

    private final List<Socket> sockets = new ArrayList<>();
    private PrometheusExporter exporter;

    @BeforeEach
    void start() {
        exporter = TestExporters.start("jvmStats.enabled", "false");
        SimpleCounter counter = new SimpleCounter();
        counter.inc(7);
        exporter.notifyOfAddedMetric(counter, "numRecordsIn", new TestMetricGroup("taskmanager", "<tm_id>", "tm"));
    }

    @AfterEach
    void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        exporter.close();
    }

    @Test
    void aKeptAliveConnectionServesRequestAfterRequest() throws IOException {
        Socket socket = connect();
        for (int i = 0; i < 3; i++) {
            send(socket, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            Response response = Response.read(socket.getInputStream());
            assertThat(response.status).isEqualTo(200);
            assertThat(response.headers).containsKey("content-length").doesNotContainKey("connection");
            assertThat(response.text()).contains(SAMPLE);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        Socket socket = connect();
        send(socket, "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(Response.read(socket.getInputStream()).status).isEqualTo(200);
        assertThat(Response.read(socket.getInputStream()).status).isEqualTo(404);
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        Socket socket = connect();
        send(socket, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Response response = Response.read(socket.getInputStream());
        assertThat(response.headers.get("connection")).isEqualTo("close");
        assertThat(response.text()).contains(SAMPLE);
        assertThat(socket.getInputStream().read()).as("closed after the response").isEqualTo(-1);
    }

    @Test
    void http10GetsOneResponseThenTheConnectionCloses() throws IOException {
        Socket socket = connect();
        send(socket, "GET /metrics HTTP/1.0\r\n\r\n");
        Response response = Response.read(socket.getInputStream());
        assertThat(response.status).isEqualTo(200);
        assertThat(response.text()).contains(SAMPLE);
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void gzipIsSentChunked() throws IOException {
        Socket socket = connect();
        send(socket, "GET /metrics?x=1 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
        Response response = Response.read(socket.getInputStream());
        assertThat(response.headers).containsEntry("transfer-encoding", "chunked").containsEntry("content-encoding", "gzip");
        String body = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(response.body)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(body).contains(SAMPLE);
    }

    @Test
    void headGetsTheHeadersOfGetAndNoBody() throws IOException {
        Socket socket = connect();
        send(socket, "HEAD /-/healthy HTTP/1.1\r\nHost: x\r\n\r\nGET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n");
        Response head = Response.readHead(socket.getInputStream());
        assertThat(head.status).isEqualTo(200);
        assertThat(head.headers).containsEntry("content-length", "21");
        Response get = Response.read(socket.getInputStream()); // would not parse if HEAD had sent a body
        assertThat(get.text()).isEqualTo("Exporter is healthy.\n");
    }

    @Test
    void anAbsoluteRequestTargetIsServed() throws IOException {
        Socket socket = connect();
        send(socket, "GET http://localhost:1234/metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(Response.read(socket.getInputStream()).text()).contains(SAMPLE);
    }

    @Test
    void malformedRequestsGetAClientErrorAndTheConnectionCloses() throws IOException {
        Map<String, Integer> requests = new LinkedHashMap<>();
        requests.put("GARBAGE\r\n\r\n", 400);
        requests.put("GET /metrics HTTP/2.0\r\n\r\n", 505);
        requests.put("GET metrics HTTP/1.1\r\n\r\n", 400);
        requests.put("GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n", 400);
        requests.put("GET /metrics HTTP/1.1\r\nX-Long: " + "a".repeat(RequestReader.MAX_LINE) + "\r\n\r\n", 431);
        for (Map.Entry<String, Integer> request : requests.entrySet()) {
            Socket socket = connect();
            send(socket, request.getKey());
            Response response = Response.read(socket.getInputStream());
            assertThat(response.status).as(request.getKey().lines().findFirst().orElseThrow()).isEqualTo(request.getValue());
            assertThat(response.headers.get("connection")).isEqualTo("close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void idleKeptAliveConnectionsGiveWayWhenEveryWorkerIsTaken() throws IOException {
        // Each of these has been served once and then waits for its next request, holding a worker.
        for (int i = 0; i < 40; i++) {
            Socket socket = connect();
            send(socket, "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(Response.read(socket.getInputStream()).status).isEqualTo(200);
        }

        Socket scrape = connect();
        send(scrape, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(Response.read(scrape.getInputStream()).text())
                .as("served long before the idle connections time out (5 min)").contains(SAMPLE);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), exporter.port());
        socket.setSoTimeout(30_000);
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A response read strictly by the framing it announces. */
    private static final class Response {
        final int status;
        final Map<String, String> headers;
        final byte[] body;

        private Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        static Response readHead(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, new byte[0]);
        }

        static Response read(InputStream in) throws IOException {
            Response head = readHead(in);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equals(head.headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                    body.write(in.readNBytes(size));
                    assertThat(line(in)).as("CRLF after a chunk").isEmpty();
                }
                assertThat(line(in)).as("CRLF after the last chunk").isEmpty();
            } else {
                int length = Integer.parseInt(head.headers.getOrDefault("content-length", "0"));
                body.write(in.readNBytes(length));
            }
            return new Response(head.status, head.headers, body.toByteArray());
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection closed inside a response: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
