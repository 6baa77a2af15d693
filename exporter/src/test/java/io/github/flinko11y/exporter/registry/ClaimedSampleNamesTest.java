package io.github.flinko11y.exporter.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.naming.LabelSetFactory;
import io.github.flinko11y.exporter.registry.SeriesRegistry.Outcome;
import io.github.flinko11y.exporter.testing.FixedHistogram;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

/** A sample name is exported by one family only: the first registered keeps it. */
class ClaimedSampleNamesTest {

    private final LabelSet labels = new LabelSetFactory(true).create(Map.of("<tm_id>", "tm-1"));

    private Outcome add(SeriesRegistry registry, String name, MetricKind kind) {
        return registry.add(name, "taskmanager", name, labels, metric(kind), kind);
    }

    private static Metric metric(MetricKind kind) {
        switch (kind) {
            case HISTOGRAM:
                return new FixedHistogram(1, 1);
            case COUNTER:
                return new SimpleCounter();
            default:
                return (Gauge<Integer>) () -> 1;
        }
    }

    private static String[] familyNames(SeriesRegistry registry) {
        Snapshot snapshot = registry.snapshot();
        String[] names = new String[snapshot.familyCount()];
        for (int f = 0; f < names.length; f++) {
            names[f] = snapshot.family(f).name();
        }
        return names;
    }

    @Test
    void dropInGaugeNamedLikeAHistogramsCountOrSumIsRefusedInEitherOrder() {
        for (String suffix : new String[] {"_count", "_sum"}) {
            SeriesRegistry histogramFirst = new SeriesRegistry(Semantics.FLINK, 0);
            assertThat(add(histogramFirst, "flink_x", MetricKind.HISTOGRAM)).isEqualTo(Outcome.ADDED);
            assertThat(add(histogramFirst, "flink_x" + suffix, MetricKind.GAUGE)).as(suffix)
                    .isEqualTo(Outcome.NAME_CONFLICT);
            assertThat(histogramFirst.claimant("flink_x" + suffix, MetricKind.GAUGE)).isEqualTo("flink_x");
            assertThat(familyNames(histogramFirst)).containsExactly("flink_x");

            SeriesRegistry gaugeFirst = new SeriesRegistry(Semantics.FLINK, 0);
            assertThat(add(gaugeFirst, "flink_x" + suffix, MetricKind.GAUGE)).isEqualTo(Outcome.ADDED);
            assertThat(add(gaugeFirst, "flink_x", MetricKind.HISTOGRAM)).as(suffix)
                    .isEqualTo(Outcome.NAME_CONFLICT);
            assertThat(gaugeFirst.claimant("flink_x", MetricKind.HISTOGRAM)).isEqualTo("flink_x" + suffix);
            assertThat(familyNames(gaugeFirst)).containsExactly("flink_x" + suffix);
        }
    }

    @Test
    void dropInClaimsWhatFlinksReporterClaimsAndNoMore() {
        // Flink's reporter exports counters as gauges and claims no _total, _created or _bucket
        SeriesRegistry registry = new SeriesRegistry(Semantics.FLINK, 0);
        add(registry, "flink_c", MetricKind.COUNTER);
        add(registry, "flink_h", MetricKind.HISTOGRAM);
        for (String name : new String[] {"flink_c_total", "flink_c_created", "flink_h_created", "flink_h_bucket",
                "flink_h_min", "flink_h_max"}) {
            assertThat(add(registry, name, MetricKind.GAUGE)).as(name).isEqualTo(Outcome.ADDED);
        }
    }

    @Test
    void modernAlsoClaimsTotalCreatedMinAndMax() {
        SeriesRegistry registry = new SeriesRegistry(Semantics.MODERN, 0);
        add(registry, "flink_c", MetricKind.COUNTER);
        add(registry, "flink_h", MetricKind.HISTOGRAM);
        for (String name : new String[] {"flink_c_total", "flink_c_created", "flink_h_count", "flink_h_sum",
                "flink_h_created", "flink_h_min", "flink_h_max"}) {
            assertThat(add(registry, name, MetricKind.GAUGE)).as(name).isEqualTo(Outcome.NAME_CONFLICT);
        }
        // nothing here produces _bucket lines: a gauge of that name has it to itself
        assertThat(add(registry, "flink_h_bucket", MetricKind.GAUGE)).isEqualTo(Outcome.ADDED);
        assertThat(familyNames(registry)).containsExactly("flink_c", "flink_h", "flink_h_bucket");
    }

    @Test
    void aNameIsFreeAgainOnceTheFamilyClaimingItIsGone() {
        SeriesRegistry registry = new SeriesRegistry(Semantics.FLINK, 0);
        Metric histogram = new FixedHistogram(1, 1);
        registry.add("flink_x", "taskmanager", "x", labels, histogram, MetricKind.HISTOGRAM);
        assertThat(add(registry, "flink_x_count", MetricKind.GAUGE)).isEqualTo(Outcome.NAME_CONFLICT);

        registry.remove("flink_x", labels, histogram);

        assertThat(add(registry, "flink_x_count", MetricKind.GAUGE)).isEqualTo(Outcome.ADDED);
        assertThat(familyNames(registry)).containsExactly("flink_x_count");
    }
}
