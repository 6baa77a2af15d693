package io.github.flinko11y.flinktests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.flinktests.support.ReporterRegistry;
import io.github.flinko11y.flinktests.support.Scrape;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exporter computes the quantiles of Flink's own histograms from one copy of the window
 * ({@code getStatistics().getValues()}) instead of calling {@code getQuantile} six times; the values
 * it serves must be exactly Flink's, on every Flink version we support.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistogramQuantilesTest {

    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    @Test
    void quantilesOfFlinksHistogramsEqualGetQuantileBitForBit() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        int[] updates = {0, 1, 2, 3, 7, 10, 99, 128, 129, 300, 1000};
        Map<String, DescriptiveStatisticsHistogram> histograms = new HashMap<>();
        try (ReporterRegistry reporters = ReporterRegistry.ours()) {
            TaskManagerMetricGroup tm = reporters.taskManagerGroup("host", "tm-1");
            for (int h = 0; h < updates.length * 3; h++) {
                DescriptiveStatisticsHistogram histogram = new DescriptiveStatisticsHistogram(128);
                for (int i = 0; i < updates[h % updates.length]; i++) {
                    histogram.update(value(random, h / updates.length));
                }
                String name = "latency" + h;
                histograms.put(name, histogram);
                tm.histogram(name, histogram);
            }

            String body = Scrape.metricsText(reporters.port(ReporterRegistry.OURS));

            int checked = 0;
            for (Map.Entry<String, DescriptiveStatisticsHistogram> entry : histograms.entrySet()) {
                HistogramStatistics statistics = entry.getValue().getStatistics();
                String family = "flink_taskmanager_" + entry.getKey();
                for (double q : QUANTILES) {
                    String expected = Double.toString(statistics.getQuantile(q))
                            .replace("Infinity", "Inf");
                    assertThat(body).as("%s quantile %s", family, q)
                            .containsPattern("(?m)^" + family + "\\{[^}]*quantile=\"" + q + "\",\\} "
                                    + java.util.regex.Pattern.quote(expected) + "$");
                    checked++;
                }
                assertThat(body).containsPattern("(?m)^" + family + "_count\\{[^}]*\\} "
                        + java.util.regex.Pattern.quote((double) entry.getValue().getCount() + "") + "$");
            }
            assertThat(checked).isEqualTo(updates.length * 3 * QUANTILES.length);
        }
    }

    /** Small latencies, wide ranges with negatives, and values near 2^53 where doubles get coarse. */
    private static long value(SplittableRandom random, int kind) {
        switch (kind) {
            case 0:
                return random.nextLong(0, 500);
            case 1:
                return random.nextLong(-1_000_000_000L, 1_000_000_000_000L);
            default:
                return random.nextLong((1L << 53) - 1_000_000, 1L << 53);
        }
    }
}
