package io.github.flinko11y.exporter.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.jvm.JvmStats;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder may keep encodings only because it writes exactly what {@code TextFormat.write004} writes. */
class FamilySamplesEncoderTest {

    private final FamilySamplesEncoder encoder = new FamilySamplesEncoder();

    @Test
    void jvmStatisticsAreEncodedAsSimpleclientWritesThem() throws IOException {
        try (JvmStats.Handle jvm = JvmStats.acquire()) {
            for (int scrape = 0; scrape < 3; scrape++) {
                List<MetricFamilySamples> families = jvm.collect(null);
                assertThat(families).hasSizeGreaterThan(30);
                assertThat(encoded(families)).isEqualTo(write004(families));
            }
        }
    }

    @Test
    void labelsHelpAndValuesNeedingEscapesOrOddSpellingsMatchSimpleclient() throws IOException {
        List<MetricFamilySamples> families = Arrays.asList(
                family("app_info", Collector.Type.GAUGE, "Help with \\ backslash\nand newline \"quoted\"",
                        sample("app_info", Arrays.asList("version", "host"), Arrays.asList("1.\"2\"\\x\ny", "höst-ü €"), 1)),
                family("app_requests", Collector.Type.COUNTER, "Requests.",
                        sample("app_requests_total", Collections.emptyList(), Collections.emptyList(), 12_345_678_901.0)),
                family("app_latency", Collector.Type.SUMMARY, "Latency.",
                        sample("app_latency", Collections.singletonList("quantile"), Collections.singletonList("0.5"), 0.125),
                        sample("app_latency_count", Collections.emptyList(), Collections.emptyList(), 3),
                        sample("app_latency_sum", Collections.emptyList(), Collections.emptyList(), -0.0)),
                family("app_odd", Collector.Type.UNKNOWN, "",
                        sample("app_odd", Collections.emptyList(), Collections.emptyList(), Double.NaN),
                        sample("app_odd", Collections.singletonList("x"), Collections.singletonList("a"), Double.POSITIVE_INFINITY),
                        sample("app_odd", Collections.singletonList("x"), Collections.singletonList("b"), Double.NEGATIVE_INFINITY),
                        sample("app_odd", Collections.singletonList("x"), Collections.singletonList("c"), 1e-300)));

        assertThat(encoded(families)).isEqualTo(write004(families));
        assertThat(encoded(families)).isEqualTo(write004(families)); // from the kept encodings
        assertThat(encoder.kept()).isEqualTo(4 + 9); // 4 headers, 9 distinct sample names and label sets
    }

    @Test
    void keptEncodingsNeverServeAnOldValueHelpOrType() throws IOException {
        encoded(Collections.singletonList(family("queue_size", Collector.Type.GAUGE, "Items.",
                sample("queue_size", Collections.singletonList("q"), Collections.singletonList("a"), 1))));

        List<MetricFamilySamples> changed = Collections.singletonList(family("queue_size", Collector.Type.COUNTER, "Items queued.",
                sample("queue_size_total", Collections.singletonList("q"), Collections.singletonList("a"), 2.5)));

        assertThat(encoded(changed))
                .isEqualTo("# HELP queue_size_total Items queued.\n# TYPE queue_size_total counter\nqueue_size_total{q=\"a\",} 2.5\n")
                .isEqualTo(write004(changed));
    }

    @Test
    void samplesWrite004MovesOrStampsGoThroughSimpleclientItself() throws IOException {
        List<MetricFamilySamples> created = Collections.singletonList(family("jobs", Collector.Type.COUNTER, "Jobs.",
                sample("jobs_total", Collections.emptyList(), Collections.emptyList(), 4),
                sample("jobs_created", Collections.emptyList(), Collections.emptyList(), 1.7e9)));
        List<MetricFamilySamples> stamped = Collections.singletonList(family("up", Collector.Type.GAUGE, "Up.",
                new Sample("up", Collections.emptyList(), Collections.emptyList(), 1, 1_700_000_000_000L)));

        List<MetricFamilySamples> gauges = Collections.singletonList(family("jobs", Collector.Type.GAUGE_HISTOGRAM, "Jobs.",
                sample("jobs_bucket", Collections.singletonList("le"), Collections.singletonList("+Inf"), 4),
                sample("jobs_gcount", Collections.emptyList(), Collections.emptyList(), 4),
                sample("jobs_gsum", Collections.emptyList(), Collections.emptyList(), 9),
                sample("jobs_createdx", Collections.emptyList(), Collections.emptyList(), 1)));

        assertThat(encoded(gauges)).isEqualTo(write004(gauges)).endsWith("# TYPE jobs_gsum gauge\njobs_gsum 9.0\n");
        assertThat(encoded(created)).isEqualTo(write004(created)).endsWith("# TYPE jobs_created gauge\njobs_created 1.7E9\n");
        assertThat(encoded(stamped)).isEqualTo(write004(stamped)).isEqualTo("# HELP up Up.\n# TYPE up gauge\nup 1.0 1700000000000\n");
    }

    @Test
    void keptEncodingsAreBoundedWhenLabelValuesKeepChanging() throws IOException {
        for (int i = 0; i < FamilySamplesEncoder.MAX_KEPT * 2; i++) {
            List<MetricFamilySamples> families = Collections.singletonList(family("events", Collector.Type.GAUGE, "Events.",
                    sample("events", Collections.singletonList("id"), Collections.singletonList("e" + i), i)));
            assertThat(encoded(families)).isEqualTo(write004(families));
        }
        assertThat(encoder.kept()).isLessThanOrEqualTo(FamilySamplesEncoder.MAX_KEPT + 1);
    }

    @Test
    void noFamiliesEncodeToNothing() {
        assertThat(encoder.encode(Collections.emptyList())).isEmpty();
    }

    private String encoded(List<MetricFamilySamples> families) {
        return new String(encoder.encode(families), StandardCharsets.UTF_8);
    }

    private static String write004(List<MetricFamilySamples> families) throws IOException {
        StringWriter out = new StringWriter();
        TextFormat.write004(out, Collections.enumeration(families));
        return out.toString();
    }

    private static MetricFamilySamples family(String name, Collector.Type type, String help, Sample... samples) {
        return new MetricFamilySamples(name, type, help, Arrays.asList(samples));
    }

    private static Sample sample(String name, List<String> labelNames, List<String> labelValues, double value) {
        return new Sample(name, labelNames, labelValues, value);
    }
}
