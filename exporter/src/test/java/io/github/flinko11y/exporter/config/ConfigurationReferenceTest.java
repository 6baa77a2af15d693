package io.github.flinko11y.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from {@link ExporterOptions}. Locally the build rewrites it;
 * in CI (CI=true) it must already be up to date, so a changed option without regenerated docs
 * fails.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Paths.get("..", "docs", "configuration.md");

    static String render() {
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

    private static void table(StringBuilder out, List<ExporterOption> options) {
        for (ExporterOption option : options) {
            out.append("| `").append(option.key()).append("` | ")
                    .append(option.defaultValue().isEmpty() ? "(none)" : "`" + option.defaultValue() + "`")
                    .append(" | ").append(option.description().replace("|", "\\|")).append(" |\n");
        }
    }

    @Test
    void referenceDocumentMatchesTheOptions() throws IOException {
        String expected = render();
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!ci) {
            Files.createDirectories(REFERENCE.getParent());
            Files.write(REFERENCE, expected.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.exists(REFERENCE)).as(REFERENCE + " exists (run the build to generate it)").isTrue();
        assertThat(new String(Files.readAllBytes(REFERENCE), StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date: run ./scripts/test.sh and commit it")
                .isEqualTo(expected);
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
