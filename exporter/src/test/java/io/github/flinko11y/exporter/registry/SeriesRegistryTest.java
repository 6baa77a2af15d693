package io.github.flinko11y.exporter.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.naming.LabelSetFactory;
import java.nio.charset.StandardCharsets;
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

    @Test
    void snapshotListsSeriesInLabelOrderAndHoldsEachLabelBlockOnceInItsArena() {
        SimpleCounter b = new SimpleCounter();
        SimpleCounter c = new SimpleCounter();
        SimpleCounter a = new SimpleCounter();
        registry.add("flink_x", "scope", "x", labels("b"), b, MetricKind.COUNTER);
        registry.add("flink_x", "scope", "x", labels("c"), c, MetricKind.COUNTER);
        registry.add("flink_x", "scope", "x", labels("a"), a, MetricKind.COUNTER);
        registry.add("flink_y", "scope", "y", labels("c"), new SimpleCounter(), MetricKind.COUNTER);
        registry.add("flink_y", "scope", "y", labels("a"), new SimpleCounter(), MetricKind.COUNTER);

        Snapshot snapshot = registry.snapshot();

        assertThat(snapshot.metric(0)).isSameAs(a);
        assertThat(snapshot.metric(1)).isSameAs(b);
        assertThat(snapshot.metric(2)).isSameAs(c);
        assertThat(labelBlock(snapshot, 0)).isEqualTo("{tm_id=\"a\",");
        assertThat(labelBlock(snapshot, 2)).isEqualTo("{tm_id=\"c\",");
        // flink_y's two series point at the blocks flink_x wrote: three blocks in all, in order
        assertThat(labelBlock(snapshot, 3)).isEqualTo("{tm_id=\"a\",");
        assertThat(snapshot.labelStart(3)).isEqualTo(snapshot.labelStart(0));
        assertThat(snapshot.labelStart(4)).isEqualTo(snapshot.labelStart(2));
        assertThat(new String(snapshot.labelArena(), StandardCharsets.UTF_8))
                .isEqualTo("{tm_id=\"a\",{tm_id=\"b\",{tm_id=\"c\",");
    }

    private static String labelBlock(Snapshot snapshot, int series) {
        return new String(snapshot.labelArena(), snapshot.labelStart(series), snapshot.labelLength(series),
                StandardCharsets.UTF_8);
    }
}
