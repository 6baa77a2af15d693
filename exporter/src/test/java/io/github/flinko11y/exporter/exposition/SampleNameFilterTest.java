package io.github.flinko11y.exporter.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleNameFilterTest {

    @Test
    void namesAreTheDecodedNameParametersOfTheQuery() {
        SampleNameFilter filter = SampleNameFilter.fromQuery("name%5B%5D=flink_a&x=1&name[]=flink_b%5Fc&name=flink_d");

        assertThat(filter.includesAll()).isFalse();
        assertThat(filter.includes("flink_a")).isTrue();
        assertThat(filter.includes("flink_b_c")).isTrue();
        assertThat(filter.includes("flink_d")).isFalse(); // "name", not "name[]"
        assertThat(filter.includes("x")).isFalse();
    }

    @Test
    void aQueryWithoutNameParametersFiltersNothing() {
        assertThat(SampleNameFilter.fromQuery(null)).isSameAs(SampleNameFilter.ALL);
        assertThat(SampleNameFilter.fromQuery("")).isSameAs(SampleNameFilter.ALL);
        assertThat(SampleNameFilter.fromQuery("debug=true&name[]")).isSameAs(SampleNameFilter.ALL);
        assertThat(SampleNameFilter.ALL.includes("anything")).isTrue();
    }

    @Test
    void aBrokenEscapeMatchesNothingInsteadOfFailingTheScrape() {
        SampleNameFilter filter = SampleNameFilter.fromQuery("name[]=flink_%zz");

        assertThat(filter.includesAll()).isFalse();
        assertThat(filter.includes("flink_")).isFalse();
    }

    @Test
    void familiesKeepOnlyTheRequestedSamplesAndEmptyOnesAreDropped() {
        MetricFamilySamples summary = new MetricFamilySamples("flink_h", Collector.Type.SUMMARY, "h", List.of(
                new Sample("flink_h_count", List.of(), List.of(), 3),
                new Sample("flink_h", List.of("quantile"), List.of("0.5"), 1)));
        MetricFamilySamples gauge = new MetricFamilySamples("flink_g", Collector.Type.GAUGE, "g",
                List.of(new Sample("flink_g", List.of(), List.of(), 2)));

        List<MetricFamilySamples> kept = SampleNameFilter.of("flink_h_count").apply(List.of(summary, gauge));

        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).name).isEqualTo("flink_h");
        assertThat(kept.get(0).type).isEqualTo(Collector.Type.SUMMARY);
        assertThat(kept.get(0).samples).extracting(s -> s.name + "=" + s.value).containsExactly("flink_h_count=3.0");
    }
}
