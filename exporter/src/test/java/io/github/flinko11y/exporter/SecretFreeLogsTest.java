package io.github.flinko11y.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.http.MetricsHttpServer;
import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.Https;
import io.github.flinko11y.exporter.testing.TestKeys;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in its own JVM (surefire execution "secret-free-logs") with every logger at DEBUG writing to
 * one file, so the whole log of starting, serving, refusing and failing can be searched for secrets.
 */
class SecretFreeLogsTest {

    private static final String USER = "prometheus";
    private static final String PASSWORD = "pw-Zq81-never-logged";
    private static final String TOKEN = "tk-Mx55-never-logged";
    private static final String WRONG_PASSWORD = "pw-typo-never-logged";
    private static final String WRONG_TOKEN = "tk-typo-never-logged";
    private static final String WRONG_KEYSTORE_PASSWORD = "ks-typo-never-logged";

    private static PrometheusExporter start(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("port", "0");
        p.setProperty("host", "127.0.0.1");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return new PrometheusExporterFactory().createMetricReporter(p);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void startingServingRefusingAndFailingLogNoSecret() throws Exception {
        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
        assertThat(logFile).as("set by the secret-free-logs surefire execution").isNotBlank();
        assertThat(LoggerFactory.getLogger(MetricsHttpServer.class).isDebugEnabled())
                .as("DEBUG enabled by the secret-free-logs surefire execution").isTrue();
        TestKeys keys = TestKeys.rsa();
        SSLSocketFactory trust = keys.clientSockets();
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, TOKEN, WRONG_PASSWORD, WRONG_TOKEN,
                WRONG_KEYSTORE_PASSWORD, keys.storePassword));

        PrometheusExporter inline = start("tls.keystore", keys.keystore.toString(),
                "tls.keystorePassword", keys.storePassword,
                "basicAuth.username", USER, "basicAuth.password", PASSWORD, "bearerToken", TOKEN);
        PrometheusExporter fromFiles = start(
                "tls.certificate", keys.certificatePem("logs.crt").toString(),
                "tls.privateKey", keys.privateKeyPem("logs.key").toString(),
                "basicAuth.username", USER,
                "basicAuth.passwordFile", TestKeys.file("logs-password", PASSWORD + "\n").toString(),
                "bearerTokenFile", TestKeys.file("logs-token", TOKEN + "\n").toString());
        String[] refused = {
            null,
            Https.basic(USER, WRONG_PASSWORD),
            Https.basic(PASSWORD, PASSWORD), // a password typed into the user field
            Https.bearer(WRONG_TOKEN),
            TOKEN, // a token without its scheme
        };
        try {
            for (PrometheusExporter exporter : new PrometheusExporter[] {inline, fromFiles}) {
                exporter.notifyOfAddedMetric(new SimpleCounter(), "c", new TestMetricGroup("jobmanager"));
                assertThat(Https.get(trust, exporter.port(), "/metrics", Https.basic(USER, PASSWORD)).status)
                        .isEqualTo(200);
                assertThat(Https.get(trust, exporter.port(), "/metrics", Https.bearer(TOKEN)).status)
                        .isEqualTo(200);
                for (String authorization : refused) {
                    assertThat(Https.get(trust, exporter.port(), "/metrics", authorization).status)
                            .isEqualTo(401);
                }
                assertThat(catchThrowable(() -> Http.get(exporter.port(), "/metrics", false)))
                        .isInstanceOf(IOException.class);
            }
        } finally {
            inline.close();
            fromFiles.close();
        }
        // Flink logs a reporter that fails to start with its stack trace: log them the same way.
        Logger flink = LoggerFactory.getLogger("org.apache.flink.runtime.metrics.ReporterSetup");
        for (String[] bad : new String[][] {
            {"tls.keystore", keys.keystore.toString(), "tls.keystorePassword", WRONG_KEYSTORE_PASSWORD},
            {"basicAuth.password", PASSWORD},
            {"bearerToken", TOKEN, "bearerTokenFile", TestKeys.file("logs-token-2", TOKEN).toString()},
            {"bearerToken", TOKEN + " x"},
        }) {
            Throwable failure = catchThrowable(() -> start(bad).close());
            assertThat(failure).isInstanceOf(ConfigException.class);
            flink.error("Could not instantiate metrics reporter prom.", failure);
        }

        String log = new String(Files.readAllBytes(Paths.get(logFile)), StandardCharsets.UTF_8);
        assertThat(log).contains("Serving Flink metrics on https://127.0.0.1:" + inline.port()
                + "/metrics (TLS, basic auth, bearer token)\n");
        assertThat(log).contains("Serving Flink metrics on https://127.0.0.1:" + fromFiles.port()
                + "/metrics (TLS, basic auth, bearer token)\n");
        assertThat(log.split("Refused a metrics request from 127.0.0.1:", -1))
                .hasSize(2 * refused.length + 1);
        assertThat(log.split("Could not instantiate metrics reporter prom.", -1)).hasSize(5);
        for (String secret : new ArrayList<>(secrets)) {
            secrets.add(base64(USER + ":" + secret));
            secrets.add(base64(secret + ":" + secret));
        }
        for (String secret : secrets) {
            assertThat(log).as("the log file").doesNotContain(secret);
        }
    }
}
