package io.github.flinko11y.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.Https;
import io.github.flinko11y.exporter.testing.TestKeys;
import io.github.flinko11y.exporter.testing.TestExporters;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import io.github.flinko11y.testsupport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TLS and credentials, over real HTTPS on a loopback port, as Prometheus scrapes. */
class SecuredEndpointTest {

    private static final String USER = "prometheus";
    // A colon, a space and a non-ASCII letter: all legal in a basic auth password.
    private static final String PASSWORD = "pa:ss w\u00f6rd-7Qz";
    private static final String TOKEN = "tok-3f9c1e77";

    private static final String SERIES =
            "# HELP flink_taskmanager_numRecordsIn numRecordsIn (scope: taskmanager)\n"
                    + "# TYPE flink_taskmanager_numRecordsIn gauge\n"
                    + "flink_taskmanager_numRecordsIn{host=\"h1\",tm_id=\"tm_1\",} 42.0\n";
    private static final String REFUSED = "Unauthorized: credentials are required to read metrics.\n";
    private static final String BASIC_CHALLENGE = "Basic realm=\"flink-o11y\", charset=\"UTF-8\"";
    private static final String BEARER_CHALLENGE = "Bearer realm=\"flink-o11y\"";

    private final List<PrometheusExporter> exporters = new ArrayList<>();

    private PrometheusExporter start(String... keyValues) {
        // Flink's families only, so bodies can be compared whole
        PrometheusExporter exporter = TestExporters.start(TestExporters.with(new String[] {"host", "127.0.0.1", "selfMetrics.enabled", "false", "jvmStats.enabled", "false"}, keyValues));
        exporters.add(exporter);
        SimpleCounter counter = new SimpleCounter();
        counter.inc(42);
        exporter.notifyOfAddedMetric(counter, "numRecordsIn",
                new TestMetricGroup("taskmanager", "<host>", "h1", "<tm_id>", "tm-1"));
        return exporter;
    }

    @AfterEach
    void stop() {
        exporters.forEach(PrometheusExporter::close);
    }

    private static String[] keystore(TestKeys keys, String... more) {
        List<String> kv = new ArrayList<>(List.of(
                "tls.keystore", keys.keystore.toString(),
                "tls.keystoreType", keys.keystoreType,
                "tls.keystorePassword", keys.storePassword));
        kv.addAll(List.of(more));
        return kv.toArray(new String[0]);
    }

    private static String[] withBothCredentials(String... tls) {
        List<String> kv = new ArrayList<>(List.of(tls));
        kv.addAll(List.of("basicAuth.username", USER, "basicAuth.password", PASSWORD, "bearerToken", TOKEN));
        return kv.toArray(new String[0]);
    }

    @Test
    void rightBasicCredentialsServeMetricsOverTlsFromAPkcs12Keystore() throws Exception {
        TestKeys keys = TestKeys.rsa();
        PrometheusExporter exporter = start(withBothCredentials(keystore(keys)));
        SSLSocketFactory trust = keys.clientSockets();

        Https.Response metrics = Https.get(trust, exporter.port(), "/metrics", Https.basic(USER, PASSWORD));
        Https.Response root = Https.get(trust, exporter.port(), "/", Https.basic(USER, PASSWORD));

        assertThat(metrics.status).isEqualTo(200);
        assertThat(metrics.body).isEqualTo(SERIES);
        assertThat(root.status).isEqualTo(200);
        assertThat(root.body).isEqualTo(SERIES);
        assertThat(exporter.stats().authFailures.sum()).isZero();
    }

    @Test
    void handshakesThatStopHalfwayAreCutOffWithoutBlockingScrapes() throws Exception {
        TestKeys keys = TestKeys.rsa();
        PrometheusExporter exporter = start(withBothCredentials(keystore(keys)));
        List<java.net.Socket> stuck = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) { // more than the server has workers
                java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), exporter.port());
                // the header of a TLS handshake record whose body never comes
                socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x50});
                stuck.add(socket);
            }

            // served once the 10 s request deadline has freed the workers the handshakes held
            Https.Response metrics =
                    Https.get(keys.clientSockets(), exporter.port(), "/metrics", Https.basic(USER, PASSWORD));

            assertThat(metrics.status).isEqualTo(200);
            assertThat(metrics.body).isEqualTo(SERIES);
            // the workers' deadlines fall due together but are counted one by one
            Await.atMost(Duration.ofSeconds(15)).until("32 expired requests counted",
                    () -> exporter.stats().expiredRequests.sum() >= 32);
        } finally {
            for (java.net.Socket socket : stuck) {
                socket.close();
            }
        }
    }

    @Test
    void rightBearerTokenServesMetricsWhenBasicAuthIsConfiguredToo() throws Exception {
        TestKeys keys = TestKeys.rsa();
        PrometheusExporter exporter = start(withBothCredentials(keystore(keys)));

        Https.Response response =
                Https.get(keys.clientSockets(), exporter.port(), "/metrics", Https.bearer(TOKEN));

        assertThat(response.status).isEqualTo(200);
        assertThat(response.body).isEqualTo(SERIES);
    }

    @Test
    void missingOrWrongCredentialsGet401WithChallengesAndNoMetricData() throws Exception {
        TestKeys keys = TestKeys.rsa();
        PrometheusExporter exporter = start(withBothCredentials(keystore(keys)));
        SSLSocketFactory trust = keys.clientSockets();
        String[] refused = {
            null,
            Https.basic(USER, PASSWORD + "x"),
            Https.basic("grafana", PASSWORD),
            Https.basic(USER, ""),
            Https.bearer(TOKEN + "x"),
            Https.bearer(TOKEN.substring(1)),
            Https.bearer(PASSWORD),
            "Basic " + TOKEN,
            "Digest username=\"" + USER + "\"",
            TOKEN,
        };

        for (String authorization : refused) {
            Https.Response response = Https.get(trust, exporter.port(), "/metrics", authorization);

            assertThat(response.status).as(authorization).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(authorization)
                    .containsExactlyInAnyOrder(BASIC_CHALLENGE, BEARER_CHALLENGE);
            assertThat(response.body).as(authorization).isEqualTo(REFUSED).doesNotContain("flink_");
        }
        Https.Response root = Https.get(trust, exporter.port(), "/", null);
        Https.Response unknownPath = Https.get(trust, exporter.port(), "/nope", null);

        assertThat(root.status).isEqualTo(401);
        assertThat(root.body).isEqualTo(REFUSED);
        assertThat(unknownPath.status).isEqualTo(401);
        assertThat(exporter.stats().authFailures.sum()).isEqualTo(refused.length + 2);
        assertThat(exporter.stats().scrapes.sum()).isZero();
    }

    @Test
    void withOnlyBasicAuthABearerTokenIsRefusedAndOnlyBasicIsOffered() throws Exception {
        TestKeys keys = TestKeys.rsa();
        PrometheusExporter exporter =
                start(keystore(keys, "basicAuth.username", USER, "basicAuth.password", PASSWORD));

        Https.Response response =
                Https.get(keys.clientSockets(), exporter.port(), "/metrics", Https.bearer(PASSWORD));

        assertThat(response.status).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).containsExactly(BASIC_CHALLENGE);
        assertThat(response.body).isEqualTo(REFUSED);
    }

    @Test
    void healthStaysOpenWithoutCredentials() throws Exception {
        TestKeys keys = TestKeys.rsa();
        PrometheusExporter exporter = start(withBothCredentials(keystore(keys)));

        Https.Response response = Https.get(keys.clientSockets(), exporter.port(), "/-/healthy", null);

        assertThat(response.status).isEqualTo(200);
        assertThat(response.body).isEqualTo("Exporter is healthy.\n");
        assertThat(exporter.stats().authFailures.sum()).isZero();
    }

    @Test
    void credentialsWithoutTlsWorkOverPlainHttp() throws Exception {
        PrometheusExporter exporter = start("bearerToken", TOKEN);

        Http.Response refused = Http.get(exporter.port(), "/metrics", false);

        assertThat(refused.status).isEqualTo(401);
        assertThat(refused.body).isEqualTo(REFUSED);
        assertThat(exporter.stats().authFailures.sum()).isEqualTo(1);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoResponse() throws Exception {
        TestKeys keys = TestKeys.rsa();
        PrometheusExporter exporter = start(keystore(keys));

        IOException failure = null;
        Http.Response response = null;
        try {
            response = Http.get(exporter.port(), "/metrics", false);
        } catch (IOException e) {
            failure = e;
        }

        assertThat(response).as("an HTTP response to a plain request on the TLS port").isNull();
        assertThat(failure).isNotNull();
        // The endpoint still serves TLS clients afterwards.
        assertThat(Https.get(keys.clientSockets(), exporter.port(), "/metrics", null).body).isEqualTo(SERIES);
    }

    @Test
    void pemCertificateAndPkcs8KeyServeForRsaAndEc() throws Exception {
        for (TestKeys keys : new TestKeys[] {TestKeys.rsa(), TestKeys.ec()}) {
            String algorithm = keys.privateKey.getAlgorithm();
            PrometheusExporter exporter = start(
                    "tls.certificate", keys.certificatePem(algorithm + ".crt").toString(),
                    "tls.privateKey", keys.privateKeyPem(algorithm + ".key").toString(),
                    "basicAuth.username", USER, "basicAuth.password", PASSWORD);

            Https.Response response = Https.get(keys.clientSockets(), exporter.port(), "/metrics",
                    Https.basic(USER, PASSWORD));

            assertThat(response.status).as(algorithm).isEqualTo(200);
            assertThat(response.body).as(algorithm).isEqualTo(SERIES);
        }
    }

    @Test
    void jksKeystoreWithItsOwnKeyPasswordServes() throws Exception {
        TestKeys keys = TestKeys.jksWithKeyPassword();
        PrometheusExporter exporter = start(keystore(keys, "tls.keyPassword", keys.keyPassword));

        Https.Response response = Https.get(keys.clientSockets(), exporter.port(), "/metrics", null);

        assertThat(response.status).isEqualTo(200);
        assertThat(response.body).isEqualTo(SERIES);
    }

    @Test
    void tls13IsPreferredAndTls12Accepted() throws Exception {
        TestKeys keys = TestKeys.rsa();
        PrometheusExporter exporter = start(keystore(keys));

        assertThat(handshake(keys.clientSockets(), exporter.port(), null)).isEqualTo("TLSv1.3");
        assertThat(handshake(keys.clientSockets(), exporter.port(), "TLSv1.2")).isEqualTo("TLSv1.2");
    }

    private static String handshake(SSLSocketFactory trust, int port, String onlyProtocol) throws IOException {
        try (SSLSocket socket = (SSLSocket) trust.createSocket("127.0.0.1", port)) {
            if (onlyProtocol != null) {
                socket.setEnabledProtocols(new String[] {onlyProtocol});
            }
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    @Test
    void hostBindsOnlyThatAddress() throws Exception {
        PrometheusExporter loopback = start("host", "127.0.0.1");
        PrometheusExporter everywhere = start("host", "");

        assertThat(loopback.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(everywhere.address().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(Http.scrape(loopback.port())).isEqualTo(SERIES);
    }
}
