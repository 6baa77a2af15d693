package io.github.flinko11y.exporter.exposition;

import java.util.Arrays;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * Quantiles of Flink's {@code DescriptiveStatisticsHistogramStatistics} (the statistics of every
 * histogram Flink's runtime registers) from one sort instead of six.
 *
 * <p>That class re-copies and re-sorts its window on every {@code getQuantile} call (~4.5 KB and
 * a sort each), which made histograms the largest cost of a scrape for any reporter. Here the
 * window is taken once through {@code getValues()}, sorted once, and each quantile is computed
 * with the same arithmetic as Apache Commons Math's {@code Percentile} (estimation type LEGACY,
 * the one Flink uses), so values are identical to {@code getQuantile}'s, bit for bit; a test on
 * both Flink versions holds it to that. Other statistics classes are asked directly.
 */
final class FlinkHistogramQuantiles {

    private static final String FLINK_STATISTICS =
            "org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogramStatistics";

    private FlinkHistogramQuantiles() {}

    /** Fills {@code out[i]} with the {@code quantiles[i]} of {@code statistics}. */
    static void read(HistogramStatistics statistics, double[] quantiles, double[] out) {
        if (!statistics.getClass().getName().equals(FLINK_STATISTICS)) {
            for (int i = 0; i < quantiles.length; i++) {
                out[i] = statistics.getQuantile(quantiles[i]);
            }
            return;
        }
        long[] window = statistics.getValues(); // a fresh copy, ours to sort
        Arrays.sort(window);
        for (int i = 0; i < quantiles.length; i++) {
            out[i] = legacyPercentile(window, quantiles[i] * 100);
        }
    }

    /** Commons Math {@code Percentile.evaluate(p)} with LEGACY estimation on sorted values. */
    static double legacyPercentile(long[] sorted, double p) {
        int length = sorted.length;
        if (length == 0) {
            return Double.NaN;
        }
        if (length == 1) {
            return sorted[0];
        }
        double fraction = p / 100;
        double pos = Double.compare(fraction, 0d) == 0
                ? 0
                : Double.compare(fraction, 1d) == 0 ? length : fraction * (length + 1);
        double floor = Math.floor(pos);
        int intPos = (int) floor;
        double dif = pos - floor;
        if (pos < 1) {
            return sorted[0];
        }
        if (pos >= length) {
            return sorted[length - 1];
        }
        double lower = sorted[intPos - 1];
        double upper = sorted[intPos];
        return lower + dif * (upper - lower);
    }
}
