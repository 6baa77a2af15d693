package io.github.flinko11y.exporter.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.naming.LabelSetFactory;
import io.github.flinko11y.exporter.registry.MetricKind;
import io.github.flinko11y.exporter.registry.SeriesRegistry;
import io.github.flinko11y.exporter.registry.Snapshot;
import io.github.flinko11y.exporter.testing.FixedHistogram;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import io.github.flinko11y.exporter.registry.Semantics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The specialised writer is allowed only because it writes exactly what simpleclient's {@code
 * TextFormat.write004} writes for the same samples (ARCHITECTURE.md decision 3).
 */
class TextFormatEquivalenceTest {

    private final ExporterStats stats = new ExporterStats();

    @ParameterizedTest
    @EnumSource(Semantics.class)
    void writerOutputIsByteIdenticalToSimpleclientTextFormat(Semantics semantics) throws Exception {
        Snapshot snapshot = registry(semantics).snapshot();

        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        TextFormatWriter.Prepared prepared = new TextFormatWriter(stats, semantics).prepare(snapshot, SampleNameFilter.ALL);
        prepared.writeTo(ours);
        long lines = prepared.lines();

        String reference = write004(SimpleclientSamples.collect(snapshot, stats, semantics));

        assertThat(ours.toString(StandardCharsets.UTF_8)).isEqualTo(reference);
        assertThat(ours.toByteArray()).isEqualTo(reference.getBytes(StandardCharsets.UTF_8));
        // 30 gauge- or counter-typed families x 25 series + 10 summaries x 25 x (7 or 10) lines
        assertThat(lines).isEqualTo(30 * 25 + 10 * 25 * semantics.summaryLines());
        if (semantics == Semantics.MODERN) {
            assertThat(ours.toString(StandardCharsets.UTF_8))
                    .contains("# TYPE flink_taskmanager_job_task_metric0_total counter\n")
                    .contains("# TYPE flink_taskmanager_job_task_metric3_min gauge\n")
                    .contains("flink_taskmanager_job_task_metric3_sum{");
        } else {
            assertThat(ours.toString(StandardCharsets.UTF_8)).doesNotContain("_total", "_sum", "_min");
        }
        assertThat(prepared.contentLength()).isEqualTo(ours.size()); // sent as Content-Length
        assertThat(ours.size()).isGreaterThan(ByteSink.BUFFER_SIZE); // the buffer was flushed mid-way
    }

    @ParameterizedTest
    @EnumSource(Semantics.class)
    void filteredOutputIsByteIdenticalToSimpleclientsFilteredSamples(Semantics semantics) throws Exception {
        Snapshot snapshot = registry(semantics).snapshot();
        String metric = "flink_taskmanager_job_task_metric";
        String[][] filters = {
            {metric + "3_count"}, // a summary's count lines only
            {metric + "3", metric + "2"}, // a summary's quantile lines and a gauge
            {metric + "0_total", metric + "0", metric + "7_sum", metric + "7_min", metric + "11_max"},
            {"flink_taskmanager_valueless", metric + "5"}, // a family without values is left out
            {"no_such_sample"},
        };
        for (String[] names : filters) {
            SampleNameFilter filter = SampleNameFilter.of(names);
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            TextFormatWriter.Prepared prepared = new TextFormatWriter(stats, semantics).prepare(snapshot, filter);
            prepared.writeTo(ours);

            String reference = write004(filter.apply(SimpleclientSamples.collect(snapshot, stats, semantics)));

            String what = semantics + " " + String.join(",", names);
            assertThat(ours.toString(StandardCharsets.UTF_8)).as(what).isEqualTo(reference);
            assertThat(prepared.contentLength()).as(what).isEqualTo(ours.size());
            assertThat(prepared.lines()).as(what)
                    .isEqualTo(reference.lines().filter(l -> !l.startsWith("#")).count());
        }
    }

    @ParameterizedTest
    @EnumSource(Semantics.class)
    void buffersKeptFromAScrapeOfOtherSeriesLeaveNoTraceInTheNext(Semantics semantics) throws Exception {
        TextFormatWriter writer = new TextFormatWriter(stats, semantics);
        SeriesRegistry large = registry(semantics);
        SeriesRegistry small = new SeriesRegistry(semantics, 0);
        small.add("flink_taskmanager_small", "taskmanager", "small", LabelSet.EMPTY,
                (Gauge<Double>) () -> 1.5, MetricKind.GAUGE);
        for (Snapshot snapshot : List.of(large.snapshot(), small.snapshot(), large.snapshot())) {
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            TextFormatWriter.Prepared prepared = writer.prepare(snapshot, SampleNameFilter.ALL);
            prepared.writeTo(ours);

            assertThat(ours.toString(StandardCharsets.UTF_8))
                    .isEqualTo(write004(SimpleclientSamples.collect(snapshot, stats, semantics)));
            assertThat(prepared.contentLength()).isEqualTo(ours.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Semantics.class)
    void aPreparedScrapeIsWrittenOnce(Semantics semantics) throws Exception {
        TextFormatWriter.Prepared prepared =
                new TextFormatWriter(stats, semantics).prepare(registry(semantics).snapshot(), SampleNameFilter.ALL);
        prepared.writeTo(new ByteArrayOutputStream());

        assertThatThrownBy(() -> prepared.writeTo(new ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("A prepared scrape is written once; prepare another.");
    }

    private static String write004(List<MetricFamilySamples> families) throws IOException {
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        Writer writer = new OutputStreamWriter(reference, StandardCharsets.UTF_8);
        TextFormat.write004(writer, Collections.enumeration(families));
        writer.flush();
        return reference.toString(StandardCharsets.UTF_8);
    }

    /**
     * 40 families of every kind, 25 series each, with awkward label values, a HELP text that needs
     * escaping, and one family of gauges that have no value.
     */
    private static SeriesRegistry registry(Semantics semantics) {
        SeriesRegistry registry = new SeriesRegistry(semantics, 0);
        SplittableRandom random = new SplittableRandom(11);
        LabelSetFactory filtered = new LabelSetFactory(true);
        LabelSetFactory raw = new LabelSetFactory(false);
        String[] awkward = {"plain", "with space", "quote\"d", "back\\slash", "new\nline", "ünï😀", ""};
        for (int family = 0; family < 40; family++) {
            MetricKind kind = MetricKind.values()[family % MetricKind.values().length];
            String name = "flink_taskmanager_job_task_metric" + family;
            for (int s = 0; s < 25; s++) {
                LabelSetFactory factory = s % 2 == 0 ? filtered : raw;
                LabelSet labels = s == 0
                        ? LabelSet.EMPTY
                        : factory.create(vars(
                                "<host>", "host-" + s,
                                "<task_name>", awkward[s % awkward.length] + s,
                                "<subtask_index>", Integer.toString(s)));
                registry.add(name, "a\\b\nc", "metric" + family, labels,
                        metricOf(kind, random), kind);
            }
        }
        for (int s = 0; s < 3; s++) {
            registry.add("flink_taskmanager_valueless", "taskmanager", "valueless",
                    filtered.create(vars("<host>", "host-" + s)), (Gauge<Object>) () -> null, MetricKind.GAUGE);
        }
        return registry;
    }

    private static Map<String, String> vars(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    private static org.apache.flink.metrics.Metric metricOf(MetricKind kind, SplittableRandom random) {
        double value = pick(random);
        switch (kind) {
            case COUNTER:
                SimpleCounter counter = new SimpleCounter();
                counter.inc(random.nextLong(0, Long.MAX_VALUE / 2));
                return counter;
            case METER:
                return new org.apache.flink.metrics.Meter() {
                    @Override public void markEvent() {}
                    @Override public void markEvent(long n) {}
                    @Override public double getRate() { return value; }
                    @Override public long getCount() { return 0; }
                };
            case GAUGE:
                return (Gauge<Double>) () -> value;
            default:
                long count = random.nextLong(0, 100_000_000);
                double[] quantiles = {pick(random), pick(random), value, 0.25, 1e9, Double.NaN};
                return new FixedHistogram(count, quantiles);
        }
    }

    private static double pick(SplittableRandom random) {
        switch (random.nextInt(8)) {
            case 0: return random.nextInt(-1000, 1000);
            case 1: return random.nextDouble();
            case 2: return Double.NaN;
            case 3: return random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 4: return -0.0;
            case 5: return random.nextLong(10_000_000L, Long.MAX_VALUE);
            case 6: return Double.longBitsToDouble(random.nextLong());
            default: return random.nextDouble() * 1e-5;
        }
    }
}
