package io.github.flinko11y.exporter.exposition;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.registry.MetricFamily;
import io.github.flinko11y.exporter.registry.MetricKind;
import io.github.flinko11y.exporter.registry.Semantics;
import io.github.flinko11y.exporter.registry.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import org.apache.flink.metrics.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus text format 0.0.4, byte for byte what simpleclient's {@code TextFormat.write004}
 * writes for the same samples (a test holds it to that). Pre-encoded names and label blocks are
 * copied; only values are formatted per scrape.
 *
 * <p>A scrape is two steps: {@link #prepare} reads and formats every value (so the scrape is one
 * consistent read), then {@link Prepared#writeTo} streams the body. The body's layout is written
 * once, in {@link Prepared#emit}, and run twice: into a {@link LineCounter} when preparing, for the
 * exact length, and into a {@link ByteSink} when writing. Knowing the length lets the HTTP layer
 * send a fixed-length body in large writes instead of small chunks, without ever holding the whole
 * body in memory.
 */
public final class TextFormatWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TextFormatWriter.class);

    private static final byte[][] QUANTILE_LABELS = new byte[MetricValues.QUANTILES.length][];

    static {
        for (int i = 0; i < QUANTILE_LABELS.length; i++) {
            QUANTILE_LABELS[i] =
                    ("quantile=\"" + MetricValues.QUANTILES[i] + "\",}")
                            .getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] OPEN_BRACE = {'{'};
    private static final byte[] NOTHING = {};

    private final ExporterStats stats;

    /**
     * Value bytes of the last scrape: the next one allocates its buffer once at about that size
     * instead of growing it by copies (a few MB at 100k series).
     */
    private volatile int lastValueBytes;

    private final boolean modern;

    public TextFormatWriter(ExporterStats stats, Semantics semantics) {
        this.stats = stats;
        this.modern = semantics == Semantics.MODERN;
    }

    /**
     * What one scrape reads into and writes from, kept for the next scrape once written: the values
     * formatted as line tails (per series its own lines' tails in {@code values}; a modern
     * summary's window minimum and maximum, which go to families of their own, in {@code mins} and
     * {@code maxs}), a family's raw values, and the response buffer. Reused, they spare a scrape at
     * 100k series a few MB of allocation.
     */
    private static final class Buffers {
        final ValueBuffer values;
        final ValueBuffer mins;
        final ValueBuffer maxs;
        final byte[] response = new byte[ByteSink.BUFFER_SIZE];
        double[] scalars = new double[0];
        boolean[] present = new boolean[0];

        Buffers(boolean modern, int series, int expectedBytes) {
            this.values = new ValueBuffer(series, expectedBytes);
            this.mins = modern ? new ValueBuffer(series, 64) : null;
            this.maxs = modern ? new ValueBuffer(series, 64) : null;
        }

        void reset(Snapshot snapshot) {
            int series = snapshot.seriesCount();
            values.reset(series);
            if (mins != null) {
                mins.reset(series);
                maxs.reset(series);
            }
            if (scalars.length < snapshot.largestFamily()) {
                scalars = new double[snapshot.largestFamily()];
                present = new boolean[snapshot.largestFamily()];
            }
        }
    }

    /**
     * Buffers of written scrapes, at most as many as scrapes run at once (four in the HTTP
     * handler); a scrape takes one or makes its own.
     */
    private final Queue<Buffers> spareBuffers = new ArrayBlockingQueue<>(4);

    /** A scrape whose values are read and formatted, ready to be written. */
    public final class Prepared {
        private final Snapshot snapshot;
        private final Buffers tails;
        private final SampleNameFilter filter;
        private final long contentLength;
        private final long lines;
        private boolean written;

        private Prepared(Snapshot snapshot, Buffers tails, SampleNameFilter filter) {
            this.snapshot = snapshot;
            this.tails = tails;
            this.filter = filter;
            LineCounter counter = new LineCounter();
            try {
                emit(counter);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a counter does no I/O
            }
            this.contentLength = counter.bytes();
            this.lines = counter.lines();
        }

        /** Exact number of bytes {@link #writeTo} writes. */
        public long contentLength() {
            return contentLength;
        }

        /** Sample lines in the body. */
        public long lines() {
            return lines;
        }

        /** Writes the body; once only, since its buffers then go to the next scrape. */
        public void writeTo(OutputStream out) throws IOException {
            if (written) {
                throw new IllegalStateException("A prepared scrape is written once; prepare another.");
            }
            written = true;
            try {
                ByteSink sink = new ByteSink(out, tails.response);
                emit(sink);
                sink.flushBuffer();
            } finally {
                spareBuffers.offer(tails);
            }
        }

        /**
         * The body's layout, run by both sinks: which families and lines are written, in what
         * order and under which names. (Reading only stores each series' tails in this order.)
         */
        private void emit(LineSink sink) throws IOException {
            for (int f = 0; f < snapshot.familyCount(); f++) {
                MetricFamily family = snapshot.family(f);
                if (family.type() == MetricKind.FamilyType.SUMMARY) {
                    summary(sink, f, family);
                } else {
                    scalar(sink, f, family);
                }
            }
        }

        private void scalar(LineSink sink, int f, MetricFamily family) throws IOException {
            if (!shown(f, tails.values, filter.includes(family.sampleName()))) {
                return;
            }
            sink.header(family.header());
            byte[] name = family.nameBytes();
            for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                int at = tails.values.start(s);
                if (at != ValueBuffer.ABSENT) {
                    line(sink, tails.values, name, s, NOTHING, at);
                }
            }
        }

        /** {@code _count}, in modern {@code _sum}, the quantiles; in modern then the min and max families. */
        private void summary(LineSink sink, int f, MetricFamily family) throws IOException {
            boolean count = filter.includes(family.countName());
            boolean sum = modern && filter.includes(family.sumName());
            boolean quantiles = filter.includes(family.name());
            if (shown(f, tails.values, count || sum || quantiles)) {
                sink.header(family.header());
                for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                    int at = tails.values.start(s);
                    if (at == ValueBuffer.ABSENT) {
                        continue;
                    }
                    at = count ? line(sink, tails.values, family.countNameBytes(), s, NOTHING, at) : skip(at);
                    if (modern) {
                        at = sum ? line(sink, tails.values, family.sumNameBytes(), s, NOTHING, at) : skip(at);
                    }
                    if (quantiles) {
                        for (byte[] quantile : QUANTILE_LABELS) {
                            at = quantile(sink, family.nameBytes(), s, quantile, at);
                        }
                    }
                }
            }
            if (modern) {
                window(sink, f, tails.mins, family.minHeader(), family.minName(), family.minNameBytes());
                window(sink, f, tails.maxs, family.maxHeader(), family.maxName(), family.maxNameBytes());
            }
        }

        /** A modern summary's {@code _min} or {@code _max} gauge family. */
        private void window(LineSink sink, int f, ValueBuffer buffer, byte[] header, String name, byte[] nameBytes)
                throws IOException {
            if (!shown(f, buffer, filter.includes(name))) {
                return;
            }
            sink.header(header);
            for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                int at = buffer.start(s);
                if (at != ValueBuffer.ABSENT) {
                    line(sink, buffer, nameBytes, s, NOTHING, at);
                }
            }
        }

        /**
         * Whether family {@code f} is written: always without a filter (a family without values
         * still has its HELP and TYPE, as simpleclient writes it); with one, only when some of its
         * lines are asked for and it has a value.
         */
        private boolean shown(int f, ValueBuffer buffer, boolean asked) {
            if (filter.includesAll()) {
                return true;
            }
            if (!asked) {
                return false;
            }
            for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                if (buffer.start(s) != ValueBuffer.ABSENT) {
                    return true;
                }
            }
            return false;
        }

        /** A quantile line: the quantile label joins the series' labels, or opens a block of its own. */
        private int quantile(LineSink sink, byte[] name, int s, byte[] quantile, int at) throws IOException {
            if (snapshot.labelLength(s) > 0) {
                return line(sink, tails.values, name, s, quantile, at);
            }
            byte[] bytes = tails.values.bytes();
            int length = bytes[at];
            sink.line(name, OPEN_BRACE, 0, 1, quantile, bytes, at + 1, length);
            return at + 1 + length;
        }

        /** Writes series {@code s}'s line of {@code name} with the tail at {@code at}; returns the next tail. */
        private int line(LineSink sink, ValueBuffer buffer, byte[] name, int s, byte[] extra, int at)
                throws IOException {
            byte[] bytes = buffer.bytes();
            int length = bytes[at];
            sink.line(name, snapshot.labelArena(), snapshot.labelStart(s), snapshot.labelLength(s), extra,
                    bytes, at + 1, length);
            return at + 1 + length;
        }

        /** The tail after the one at {@code at}, for a line the filter leaves out. */
        private int skip(int at) {
            return at + 1 + tails.values.bytes()[at];
        }
    }

    /**
     * Reads every value of the snapshot once and lays out the body the filter lets through. The
     * counters, meters and gauges of a family are read in a loop of their own before any of them is
     * formatted: each read is mostly a wait for the metric's cache line, and a tight loop of reads
     * lets the CPU wait for many at once, where a read between two formattings waits alone (15% less
     * CPU per 100k-series scrape, measured against reading and formatting series by series).
     */
    public Prepared prepare(Snapshot snapshot, SampleNameFilter filter) {
        Buffers tails = spareBuffers.poll();
        if (tails == null) {
            int series = snapshot.seriesCount();
            tails = new Buffers(modern, series, Math.max(series * 8, lastValueBytes + lastValueBytes / 16));
        }
        tails.reset(snapshot);
        ValueBuffer values = tails.values;
        MetricValues reader = new MetricValues();
        double[] scalars = tails.scalars;
        boolean[] present = tails.present;
        for (int f = 0; f < snapshot.familyCount(); f++) {
            MetricFamily family = snapshot.family(f);
            int from = snapshot.familyStart(f);
            if (family.type() == MetricKind.FamilyType.SUMMARY) {
                for (int s = from; s < snapshot.familyEnd(f); s++) {
                    readSummary(family, snapshot, s, reader, tails);
                }
                continue;
            }
            readScalars(snapshot, family, from, snapshot.familyEnd(f), reader, scalars, present);
            for (int s = from; s < snapshot.familyEnd(f); s++) {
                if (present[s - from]) {
                    values.start(s, values.length());
                    values.lineTail(scalars[s - from], snapshot.labelLength(s) > 0);
                } else {
                    values.start(s, ValueBuffer.ABSENT);
                }
            }
        }
        lastValueBytes = values.length();
        return new Prepared(snapshot, tails, filter);
    }

    /**
     * Reads series {@code from} to {@code to - 1} of a counter, meter or gauge family into {@code
     * scalars} and {@code present} (at {@code series - from}); a failed read is counted and absent.
     */
    private void readScalars(Snapshot snapshot, MetricFamily family, int from, int to, MetricValues reader,
            double[] scalars, boolean[] present) {
        for (int s = from; s < to; s++) {
            boolean read;
            try {
                read = reader.readScalar(snapshot.metric(s), snapshot.kind(s));
            } catch (Throwable t) {
                readFailed(family, t);
                read = false;
            }
            present[s - from] = read;
            scalars[s - from] = reader.value;
        }
    }

    /** Stores a summary's tails in the order {@link Prepared#summary} writes them. */
    private void readSummary(MetricFamily family, Snapshot snapshot, int s, MetricValues reader, Buffers tails) {
        if (!readHistogram(family, snapshot.metric(s), reader)) {
            tails.values.start(s, ValueBuffer.ABSENT);
            if (modern) {
                tails.mins.start(s, ValueBuffer.ABSENT);
                tails.maxs.start(s, ValueBuffer.ABSENT);
            }
            return;
        }
        boolean hasLabels = snapshot.labelLength(s) > 0;
        ValueBuffer values = tails.values;
        values.start(s, values.length());
        values.lineTail(reader.count, hasLabels);
        if (modern) {
            values.lineTail(reader.sum, hasLabels);
        }
        for (double quantile : reader.quantiles) {
            values.lineTail(quantile, false); // the quantile label closes the block
        }
        if (modern) {
            tails.mins.start(s, tails.mins.length());
            tails.mins.lineTail(reader.min, hasLabels);
            tails.maxs.start(s, tails.maxs.length());
            tails.maxs.lineTail(reader.max, hasLabels);
        }
    }

    private boolean readHistogram(MetricFamily family, Metric metric, MetricValues reader) {
        try {
            return reader.readHistogram(metric, modern);
        } catch (Throwable t) {
            readFailed(family, t);
            return false;
        }
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
