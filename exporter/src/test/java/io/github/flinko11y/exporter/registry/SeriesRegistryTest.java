package io.github.flinko11y.exporter.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.naming.LabelSetFactory;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import io.github.flinko11y.exporter.testing.FixedHistogram;
import org.junit.jupiter.api.Test;

class SeriesRegistryTest {

    private final SeriesRegistry registry = new SeriesRegistry();
    private final LabelSetFactory factory = new LabelSetFactory(true);

    private LabelSet labels(String tm) {
        return factory.create(Map.of("<tm_id>", tm));
    }

    @Test
    void sameNameAndLabelsTwiceExportsOneSeriesAndTheSecondTakesOverOnRemoval() {
        SimpleCounter first = new SimpleCounter();
        SimpleCounter second = new SimpleCounter();

        assertThat(registry.add("flink_x", "scope", "x", labels("a"), first, MetricKind.COUNTER))
                .isEqualTo(SeriesRegistry.Outcome.ADDED);
        assertThat(registry.add("flink_x", "scope", "x", labels("a"), second, MetricKind.COUNTER))
                .isEqualTo(SeriesRegistry.Outcome.SHADOWED);
        assertThat(registry.exportedSeriesCount()).isEqualTo(1);
        assertThat(registry.snapshot().metric(0)).isSameAs(first);

        assertThat(registry.remove("flink_x", labels("a"), first)).isTrue();
        assertThat(registry.exportedSeriesCount()).isEqualTo(1);
        assertThat(registry.snapshot().metric(0)).isSameAs(second);

        assertThat(registry.remove("flink_x", labels("a"), second)).isTrue();
        assertThat(registry.exportedSeriesCount()).isZero();
        assertThat(registry.familyCount()).isZero();
        assertThat(registry.labelSetCount()).isZero();
    }

    @Test
    void removingAShadowedDuplicateKeepsTheExportedOne() {
        SimpleCounter first = new SimpleCounter();
        SimpleCounter second = new SimpleCounter();
        registry.add("flink_x", "scope", "x", labels("a"), first, MetricKind.COUNTER);
        registry.add("flink_x", "scope", "x", labels("a"), second, MetricKind.COUNTER);

        assertThat(registry.remove("flink_x", labels("a"), second)).isTrue();
        assertThat(registry.remove("flink_x", labels("a"), second)).isFalse();
        assertThat(registry.snapshot().metric(0)).isSameAs(first);
        assertThat(registry.labelSetCount()).isEqualTo(1);
    }

    @Test
    void aNameTakenByAnotherPrometheusTypeRejectsTheNewcomer() {
        registry.add("flink_x", "scope", "x", labels("a"), (Gauge<Long>) () -> 1L, MetricKind.GAUGE);

        assertThat(registry.add("flink_x", "scope", "x", labels("b"), new FixedHistogram(1, 1), MetricKind.HISTOGRAM))
                .isEqualTo(SeriesRegistry.Outcome.TYPE_CONFLICT);
        assertThat(registry.exportedSeriesCount()).isEqualTo(1);
        assertThat(registry.labelSetCount()).isEqualTo(1);
    }

    @Test
    void snapshotListsFamiliesByNameWithTheirSeries() {
        registry.add("flink_b", "scope", "b", labels("1"), new SimpleCounter(), MetricKind.COUNTER);
        registry.add("flink_a", "scope", "a", labels("1"), new SimpleCounter(), MetricKind.COUNTER);
        registry.add("flink_a", "scope", "a", labels("2"), new SimpleCounter(), MetricKind.COUNTER);

        Snapshot snapshot = registry.snapshot();

        assertThat(snapshot.familyCount()).isEqualTo(2);
        assertThat(snapshot.family(0).name()).isEqualTo("flink_a");
        assertThat(snapshot.familyEnd(0) - snapshot.familyStart(0)).isEqualTo(2);
        assertThat(snapshot.family(1).name()).isEqualTo("flink_b");
        assertThat(snapshot.familyEnd(1) - snapshot.familyStart(1)).isEqualTo(1);
        assertThat(registry.labelSetCount()).isEqualTo(2); // label sets are shared across families
    }
}
