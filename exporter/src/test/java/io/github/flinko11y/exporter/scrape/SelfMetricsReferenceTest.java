package io.github.flinko11y.exporter.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.ExporterStats;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.io.IOException;
import java.util.Locale;
import io.github.flinko11y.exporter.testing.GeneratedDocument;
import org.junit.jupiter.api.Test;

/**
 * docs/self-metrics.md lists what {@link SelfMetrics} serves, generated from a collect so the two
 * cannot drift: written by the build ({@code ReferenceDocs}), compared here.
 */
public class SelfMetricsReferenceTest {


    /** The document, as {@code ReferenceDocs} writes it in the build and this test compares it. */
    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Self-metrics\n\n")
                .append("<!-- Generated from SelfMetrics by SelfMetricsReferenceTest; do not edit by hand. -->\n\n")
                .append("Every scrape (and every push) carries the exporter's own figures, so a dashboard or")
                .append(" an alert can tell a slow or lossy exporter from a quiet Flink job. They are ours,")
                .append(" not Flink's, so they follow Prometheus conventions in either `semantics`: counters")
                .append(" end in `_total`. Each sample has the process identity labels of the")
                .append(" [JVM statistics](jvm-metrics.md#process-identity-labels) (`component`, `host`,")
                .append(" `tm_id`) once the reporter has seen a JobManager or TaskManager metric group.")
                .append(" Turn them off with `selfMetrics.enabled: false`.\n\n")
                .append("| Sample | Type | Meaning |\n")
                .append("|---|---|---|\n");
        for (MetricFamilySamples family : new SelfMetrics(new ExporterStats()).collect(new ScrapeFigures(0, 0))) {
            out.append("| `").append(family.samples.get(0).name).append("` | ")
                    .append(family.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(family.help).append(" |\n");
        }
        out.append("\n## Changes\n\n")
                .append("- `flinko11y_exporter_series` is now `flinko11y_exporter_sample_lines`, with the same")
                .append(" value: the Flink sample lines of the scrape.\n")
                .append("- `flinko11y_exporter_series_dropped` is now `flinko11y_exporter_sample_lines_dropped`")
                .append(" and counts what the cap is measured in, sample lines (a histogram left out counts 7,")
                .append(" or 10 with `semantics: modern`); it used to count the Flink metrics left out. The cap's")
                .append(" key is now `maxSampleLines`; the former `maxSeries` is still read, with a warning.\n")
                .append("- `flinko11y_exporter_registrations_rejected_total` also counts metrics whose sample")
                .append(" names another family already exports (a gauge `x_count` beside a histogram `x`):")
                .append(" the first registered is exported, as by Flink's reporter.\n");
        return out.toString();
    }

    @Test
    void referenceDocumentMatchesTheSelfMetrics() throws IOException {
        String expected = render();
        GeneratedDocument.check("self-metrics.md", expected);
        assertThat(expected)
                .contains("| `flinko11y_exporter_scrapes_total` | counter |")
                .contains("| `flinko11y_exporter_sample_lines` | gauge |")
                .contains("| `flinko11y_exporter_sample_lines_dropped` | gauge |");
    }
}
