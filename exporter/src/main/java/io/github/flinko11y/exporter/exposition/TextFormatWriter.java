package io.github.flinko11y.exporter.exposition;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.registry.MetricFamily;
import io.github.flinko11y.exporter.registry.MetricKind;
import io.github.flinko11y.exporter.registry.Series;
import io.github.flinko11y.exporter.registry.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a {@link Snapshot} in the Prometheus text format 0.0.4, byte for byte what
 * simpleclient's {@code TextFormat.write004} writes for the same samples (a test holds it to
 * that). Pre-encoded names and label blocks are copied; only values are formatted per scrape.
 */
public final class TextFormatWriter {

    public static final String CONTENT_TYPE_004 = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(TextFormatWriter.class);

    private static final byte[][] QUANTILE_LABELS = new byte[MetricValues.QUANTILES.length][];

    static {
        for (int i = 0; i < QUANTILE_LABELS.length; i++) {
            QUANTILE_LABELS[i] =
                    ("quantile=\"" + MetricValues.QUANTILES[i] + "\",}")
                            .getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final ExporterStats stats;

    public TextFormatWriter(ExporterStats stats) {
        this.stats = stats;
    }

    /** Writes every family of the snapshot; returns the number of sample lines written. */
    public long write(Snapshot snapshot, OutputStream out) throws IOException {
        ByteSink sink = new ByteSink(out);
        MetricValues values = new MetricValues();
        long samples = 0;
        for (int f = 0; f < snapshot.familyCount(); f++) {
            MetricFamily family = snapshot.family(f);
            sink.write(family.header());
            boolean summary = family.type() == MetricKind.FamilyType.SUMMARY;
            for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                Series series = snapshot.series(s);
                samples += summary
                        ? writeSummary(sink, family, series, values)
                        : writeScalar(sink, family, series, values);
            }
        }
        sink.flushBuffer();
        return samples;
    }

    private int writeScalar(ByteSink sink, MetricFamily family, Series series, MetricValues values)
            throws IOException {
        try {
            if (!values.readScalar(series)) {
                return 0;
            }
        } catch (Throwable t) {
            readFailed(family, t);
            return 0;
        }
        sink.write(family.nameBytes());
        writeLabels(sink, series.labels().rendered());
        sink.write((byte) ' ');
        DoubleFormat.write(sink, values.value);
        sink.write((byte) '\n');
        return 1;
    }

    private int writeSummary(ByteSink sink, MetricFamily family, Series series, MetricValues values)
            throws IOException {
        try {
            if (!values.readHistogram(series)) {
                return 0;
            }
        } catch (Throwable t) {
            readFailed(family, t);
            return 0;
        }
        byte[] labels = series.labels().rendered();
        sink.write(family.countNameBytes());
        writeLabels(sink, labels);
        sink.write((byte) ' ');
        DoubleFormat.write(sink, values.count);
        sink.write((byte) '\n');
        for (int q = 0; q < QUANTILE_LABELS.length; q++) {
            sink.write(family.nameBytes());
            if (labels.length == 0) {
                sink.write((byte) '{');
            } else {
                sink.write(labels);
            }
            sink.write(QUANTILE_LABELS[q]);
            sink.write((byte) ' ');
            DoubleFormat.write(sink, values.quantiles[q]);
            sink.write((byte) '\n');
        }
        return 1 + QUANTILE_LABELS.length;
    }

    private static void writeLabels(ByteSink sink, byte[] rendered) throws IOException {
        if (rendered.length > 0) {
            sink.write(rendered);
            sink.write((byte) '}');
        }
    }

    private void readFailed(MetricFamily family, Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        stats.metricReadErrors.increment();
        if (family.firstReadFailure()) {
            LOG.warn(
                    "Reading a metric of {} failed; its sample is left out of this and later scrapes"
                            + " while it fails (further failures of this metric name are only counted).",
                    family.name(),
                    t);
        } else {
            LOG.debug("Reading a metric of {} failed.", family.name(), t);
        }
    }
}
