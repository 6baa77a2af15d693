package io.github.flinko11y.flinktests.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.flinktests.support.Exposition.Sample;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test parser must read what Prometheus reads and reject what Prometheus rejects. */
class ExpositionTest {

    @Test
    void readsFamiliesSamplesAndEscapedLabelValues() {
        Exposition exposition = Exposition.parse(""
                + "# HELP flink_x_lag lag (scope: x)\\nsecond line \\\\ end\n"
                + "# TYPE flink_x_lag gauge\n"
                + "flink_x_lag{task_name=\"a \\\"b\\\" \\\\ c\\nd\",host=\"h\",} 1.5\n"
                + "# HELP flink_x_sizes sizes (scope: x)\n"
                + "# TYPE flink_x_sizes summary\n"
                + "flink_x_sizes_count{host=\"h\",} 3.0\n"
                + "flink_x_sizes{host=\"h\",quantile=\"0.5\",} NaN\n"
                + "untyped_total -Inf\n");

        assertThat(exposition.families().keySet()).containsExactly("flink_x_lag", "flink_x_sizes", "untyped_total");
        assertThat(exposition.family("flink_x_lag").help()).isEqualTo("lag (scope: x)\nsecond line \\ end");
        assertThat(exposition.family("flink_x_sizes").type()).isEqualTo("summary");
        assertThat(exposition.family("flink_x_sizes").samples()).extracting(Sample::name)
                .containsExactly("flink_x_sizes_count", "flink_x_sizes");
        Sample lag = exposition.samples("flink_x_lag").get(0);
        assertThat(lag.labels()).isEqualTo(Map.of("task_name", "a \"b\" \\ c\nd", "host", "h"));
        assertThat(lag.value()).isEqualTo(1.5);
        assertThat(exposition.samples("flink_x_sizes", Map.of("quantile", "0.5")).get(0).value()).isNaN();
        assertThat(exposition.family("untyped_total").type()).isEqualTo("untyped");
        assertThat(exposition.samples("untyped_total").get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void rejectsWhatPrometheusRejects() {
        assertThatThrownBy(() -> Exposition.parse("a{x=\"1\",x=\"2\"} 1\n")).hasMessageContaining("duplicate label");
        assertThatThrownBy(() -> Exposition.parse("a{x=\"1} 1\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Exposition.parse("a{x=\"\\t\"} 1\n")).hasMessageContaining("invalid escape");
        assertThatThrownBy(() -> Exposition.parse("a{1x=\"1\"} 1\n")).hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> Exposition.parse("a-b 1\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Exposition.parse("a one\n")).hasMessageContaining("invalid value");
        assertThatThrownBy(() -> Exposition.parse("# TYPE a gauge\n# TYPE a gauge\na 1\n"))
                .hasMessageContaining("second TYPE");
        assertThatThrownBy(() -> Exposition.parse("a 1")).hasMessageContaining("line feed");
    }

    @Test
    void findsDuplicateSeriesWhateverTheLabelOrder() {
        Exposition exposition = Exposition.parse("a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\na{x=\"2\"} 3\n");
        assertThat(exposition.duplicateSeries()).containsExactly("a{x=1, y=2}");
    }
}
