package io.github.flinko11y.exporter.exposition;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.registry.MetricFamily;
import io.github.flinko11y.exporter.registry.MetricKind;
import io.github.flinko11y.exporter.registry.Series;
import io.github.flinko11y.exporter.registry.Snapshot;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus text format 0.0.4, byte for byte what simpleclient's {@code TextFormat.write004}
 * writes for the same samples (a test holds it to that). Pre-encoded names and label blocks are
 * copied; only values are formatted per scrape.
 *
 * <p>A scrape is two passes: {@link #prepare} reads and formats every value (so the scrape is one
 * consistent read, and its exact length is known), then {@link Prepared#writeTo} streams the body.
 * Knowing the length lets the HTTP layer send a fixed-length body in large writes instead of small
 * chunks, without ever holding the whole body in memory.
 */
public final class TextFormatWriter {

    public static final String CONTENT_TYPE_004 = TextFormat.CONTENT_TYPE_004;

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

    /** A scrape whose values are read and formatted, ready to be written. */
    public final class Prepared {
        private final Snapshot snapshot;
        private final ValueBuffer values;
        private final long contentLength;
        private final long samples;

        private Prepared(Snapshot snapshot, ValueBuffer values, long contentLength, long samples) {
            this.snapshot = snapshot;
            this.values = values;
            this.contentLength = contentLength;
            this.samples = samples;
        }

        /** Exact number of bytes {@link #writeTo} writes. */
        public long contentLength() {
            return contentLength;
        }

        /** Sample lines in the body. */
        public long samples() {
            return samples;
        }

        public void writeTo(OutputStream out) throws IOException {
            ByteSink sink = new ByteSink(out);
            byte[] formatted = values.bytes();
            for (int f = 0; f < snapshot.familyCount(); f++) {
                MetricFamily family = snapshot.family(f);
                sink.write(family.header());
                boolean summary = family.type() == MetricKind.FamilyType.SUMMARY;
                for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                    int at = values.start(s);
                    if (at == ValueBuffer.ABSENT) {
                        continue;
                    }
                    byte[] labels = snapshot.series(s).labels().rendered();
                    at = line(sink, summary ? family.countNameBytes() : family.nameBytes(), labels, formatted, at);
                    if (summary) {
                        for (int q = 0; q < QUANTILE_LABELS.length; q++) {
                            sink.write(family.nameBytes());
                            if (labels.length == 0) {
                                sink.write((byte) '{');
                            } else {
                                sink.write(labels);
                            }
                            sink.write(QUANTILE_LABELS[q]);
                            at = value(sink, formatted, at);
                        }
                    }
                }
            }
            sink.flushBuffer();
        }

        private int line(ByteSink sink, byte[] name, byte[] labels, byte[] formatted, int at)
                throws IOException {
            sink.write(name);
            if (labels.length > 0) {
                sink.write(labels);
                sink.write((byte) '}');
            }
            return value(sink, formatted, at);
        }

        /** Writes " value\n" for the zero-terminated value at {@code at}; returns the next one's. */
        private int value(ByteSink sink, byte[] formatted, int at) throws IOException {
            int end = at;
            while (formatted[end] != 0) {
                end++;
            }
            sink.write((byte) ' ');
            sink.write(formatted, at, end - at);
            sink.write((byte) '\n');
            return end + 1;
        }
    }

    /** Reads every value of the snapshot once and computes the body length. */
    public Prepared prepare(Snapshot snapshot) {
        ValueBuffer values = new ValueBuffer(snapshot.seriesCount());
        MetricValues reader = new MetricValues();
        long length = 0;
        long samples = 0;
        for (int f = 0; f < snapshot.familyCount(); f++) {
            MetricFamily family = snapshot.family(f);
            length += family.header().length;
            boolean summary = family.type() == MetricKind.FamilyType.SUMMARY;
            for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                Series series = snapshot.series(s);
                int start = values.length();
                if (!(summary ? readSummary(family, series, reader, values) : readScalar(family, series, reader, values))) {
                    values.start(s, ValueBuffer.ABSENT);
                    continue;
                }
                values.start(s, start);
                int labels = series.labels().rendered().length;
                // the value bytes, minus one zero terminator per value, plus " " and "\n" per line
                int lines = summary ? 1 + QUANTILE_LABELS.length : 1;
                length += values.length() - start + lines;
                if (summary) {
                    length += family.countNameBytes().length + labelsLength(labels);
                    for (byte[] quantile : QUANTILE_LABELS) {
                        length += family.nameBytes().length + Math.max(labels, 1) + quantile.length;
                    }
                } else {
                    length += family.nameBytes().length + labelsLength(labels);
                }
                samples += lines;
            }
        }
        return new Prepared(snapshot, values, length, samples);
    }

    /** Convenience: prepare and write in one go; returns the number of sample lines. */
    public long write(Snapshot snapshot, OutputStream out) throws IOException {
        Prepared prepared = prepare(snapshot);
        prepared.writeTo(out);
        return prepared.samples();
    }

    private static int labelsLength(int rendered) {
        return rendered == 0 ? 0 : rendered + 1;
    }

    private boolean readScalar(MetricFamily family, Series series, MetricValues reader, ValueBuffer values) {
        try {
            if (!reader.readScalar(series)) {
                return false;
            }
        } catch (Throwable t) {
            readFailed(family, t);
            return false;
        }
        values.value(reader.value);
        return true;
    }

    private boolean readSummary(MetricFamily family, Series series, MetricValues reader, ValueBuffer values) {
        try {
            if (!reader.readHistogram(series)) {
                return false;
            }
        } catch (Throwable t) {
            readFailed(family, t);
            return false;
        }
        values.value(reader.count);
        for (double quantile : reader.quantiles) {
            values.value(quantile);
        }
        return true;
    }

    private void readFailed(MetricFamily family, Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        stats.metricReadErrors.increment();
        if (family.firstReadFailure()) {
            LOG.warn(
                    "Reading a metric of {} failed; its sample is left out of the scrape while it fails"
                            + " (further failures of this metric name are only counted).",
                    family.name(),
                    t);
        } else {
            LOG.debug("Reading a metric of {} failed.", family.name(), t);
        }
    }
}
