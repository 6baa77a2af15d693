package io.github.flinko11y.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import io.github.flinko11y.exporter.testing.GeneratedDocument;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from {@link ExporterOptions}. The build writes it
 * ({@code ReferenceDocs}); this test fails when the file differs from what the code renders.
 */
public class ConfigurationReferenceTest {


    /** The document, as {@code ReferenceDocs} writes it in the build and this test compares it. */
    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated from ExporterOptions by ConfigurationReferenceTest;")
                .append(" do not edit by hand. -->\n\n")
                .append("## Prometheus exporter (pull)\n\n")
                .append("Factory: `io.github.flinko11y.exporter.PrometheusExporterFactory`. Every key is set")
                .append(" in Flink's configuration as `metrics.reporter.<name>.<key>`; values may be")
                .append(" strings, numbers or booleans. An unknown key stops the reporter at start with a")
                .append(" message naming it. Flink's own per-reporter keys (`factory.class`, `interval`,")
                .append(" `filter.*`, `scope.*`) are accepted and applied by Flink.\n\n")
                .append("| Key | Default | Description |\n")
                .append("|---|---|---|\n");
        table(out, ExporterOptions.all());
        securing(out);
        out.append("\n## Pushgateway reporter (push)\n\n")
                .append("Factory: `io.github.flinko11y.exporter.push.PrometheusPushGatewayExporterFactory`.")
                .append(" Pushes the series the pull exporter would serve to a Prometheus Pushgateway every")
                .append(" `metrics.reporter.<name>.interval` (Flink's default: 10 s), replacing the group")
                .append(" (HTTP PUT), as Flink's `PrometheusPushGatewayReporter` does; key names and defaults")
                .append(" are that reporter's. Keys, values and Flink's own keys are read as for the pull")
                .append(" exporter; `port` is rejected. Where Flink's reporter warns and carries on (a")
                .append(" groupingKey entry it cannot use is dropped; username without password pushes")
                .append(" unauthenticated), this one stops at start with a message naming the key. A failed")
                .append(" push is counted and never thrown into Flink; it is logged at WARN once when an")
                .append(" outage starts and at INFO when pushes succeed again.\n\n")
                .append("| Key | Default | Description |\n")
                .append("|---|---|---|\n");
        table(out, ExporterOptions.push());
        return out.toString();
    }

    private static void securing(StringBuilder out) {
        out.append("\n### Securing the endpoint\n\n")
                .append("Without the settings below the endpoint serves plain HTTP to anyone who can")
                .append(" reach the port, as Flink's reporter does.\n\n")
                .append("- `host: 127.0.0.1` keeps it to clients on the same host or pod.\n")
                .append("- `tls.certificate` with `tls.privateKey` (PEM), or `tls.keystore` (PKCS12 or")
                .append(" JKS), serve HTTPS only, with TLS 1.3 and 1.2.\n")
                .append("- `basicAuth.*` and `bearerToken`/`bearerTokenFile` require credentials on")
                .append(" `/metrics` and `/`. With both configured, either credential is accepted; any")
                .append(" other request gets 401 with a `WWW-Authenticate` challenge and no metric data,")
                .append(" and is not logged above DEBUG. `/-/healthy` stays open for Kubernetes probes:")
                .append(" it carries no metric data.\n\n")
                .append("Files are read once when the reporter starts: restart the process to rotate")
                .append(" certificates or credentials. Flink masks keys containing `password` or `token`")
                .append(" in its web UI and logs, and the exporter never logs a secret; the `*File`")
                .append(" settings keep secrets out of Flink's configuration altogether.\n\n")
                .append("Flink configuration, with a Kubernetes TLS Secret and a password Secret mounted:\n\n")
                .append("```yaml\n")
                .append("metrics.reporter.prom.factory.class: ")
                .append("io.github.flinko11y.exporter.PrometheusExporterFactory\n")
                .append("metrics.reporter.prom.port: 9249\n")
                .append("metrics.reporter.prom.tls.certificate: /opt/flink/tls/tls.crt\n")
                .append("metrics.reporter.prom.tls.privateKey: /opt/flink/tls/tls.key\n")
                .append("metrics.reporter.prom.basicAuth.username: prometheus\n")
                .append("metrics.reporter.prom.basicAuth.passwordFile: /opt/flink/secrets/metrics-password\n")
                .append("```\n\n")
                .append("The matching Prometheus scrape configuration:\n\n")
                .append("```yaml\n")
                .append("scrape_configs:\n")
                .append("  - job_name: flink\n")
                .append("    scheme: https\n")
                .append("    tls_config:\n")
                .append("      ca_file: /etc/prometheus/secrets/flink-tls/ca.crt\n")
                .append("    basic_auth:\n")
                .append("      username: prometheus\n")
                .append("      password_file: /etc/prometheus/secrets/flink-metrics/password\n")
                .append("```\n");
    }

    private static void table(StringBuilder out, List<ExporterOption> options) {
        for (ExporterOption option : options) {
            out.append("| `").append(option.key()).append("` | ")
                    .append(option.defaultValue().isEmpty() ? "(none)" : "`" + option.defaultValue() + "`")
                    .append(" | ").append(option.description().replace("|", "\\|"))
                    .append(option.formerKey() == null ? "" : " Formerly `" + option.formerKey()
                            + "`, which is still read, with a deprecation warning.")
                    .append(" |\n");
        }
    }

    @Test
    void referenceDocumentMatchesTheOptions() throws IOException {
        GeneratedDocument.check("configuration.md", render());
    }

    @Test
    void everyOptionIsListed() {
        String reference = render();
        for (ExporterOption option : ExporterOptions.all()) {
            assertThat(reference).contains("| `" + option.key() + "` | ");
        }
        for (ExporterOption option : ExporterOptions.push()) {
            assertThat(reference).contains("| `" + option.key() + "` | ");
        }
        assertThat(reference.lines().filter(l -> l.startsWith("| `")).count())
                .isEqualTo(ExporterOptions.all().size() + ExporterOptions.push().size());
    }
}
