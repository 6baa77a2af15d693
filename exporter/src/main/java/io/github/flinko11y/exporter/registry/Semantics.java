package io.github.flinko11y.exporter.registry;

import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.config.ExporterOptions;
import java.util.Locale;

/** How Flink's metric types map to Prometheus types: Flink's reporter's way, or the modern one. */
public enum Semantics {
    /** Drop-in: counters and meters are gauges, histograms summaries of count and quantiles. */
    FLINK,
    /** Counters are counters ({@code _total}); summaries add {@code _sum}, with min/max gauges. */
    MODERN;

    /** Lines a Flink summary has: {@code _count} and six quantiles; modern adds sum, min, max. */
    public int summaryLines() {
        return this == MODERN ? 10 : 7;
    }

    public MetricKind.FamilyType familyType(MetricKind kind) {
        if (kind == MetricKind.HISTOGRAM) {
            return MetricKind.FamilyType.SUMMARY;
        }
        return this == MODERN && kind == MetricKind.COUNTER
                ? MetricKind.FamilyType.COUNTER
                : MetricKind.FamilyType.GAUGE;
    }

    /** Sample lines one series of {@code kind} exports. */
    public int lines(MetricKind kind) {
        return kind == MetricKind.HISTOGRAM ? summaryLines() : 1;
    }

    public static Semantics parse(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "flink":
                return FLINK;
            case "modern":
                return MODERN;
            default:
                throw new ConfigException(
                        ExporterOptions.SEMANTICS.fullKey() + ": \"" + value
                                + "\" is not known; use flink (drop-in, the default) or modern");
        }
    }
}
