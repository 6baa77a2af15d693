package io.github.flinko11y.exporter.exposition;

import java.util.Arrays;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * Quantiles of Flink's {@code DescriptiveStatisticsHistogramStatistics} (the statistics of every
 * histogram Flink's runtime registers) from one partial sort instead of six full ones.
 *
 * <p>That class re-copies and re-sorts its window on every {@code getQuantile} call (~4.5 KB and
 * a sort each), which made histograms the largest cost of a scrape for any reporter. Here the
 * window is taken once through {@code getValues()}, only the part the quantiles fall into is put
 * in order (all of Flink's quantiles are at or above the median), and each quantile is computed
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
        long[] values = statistics.getValues(); // a fresh copy
        double[] window = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            window[i] = values[i];
        }
        fromWindow(window, quantiles, out);
    }

    /**
     * Fills {@code out[i]} with the {@code quantiles[i]} of a histogram window; {@code window} is
     * a copy, reordered here. Flink's histograms hold whole numbers ({@code update(long)}), so
     * the window as doubles and as {@code getValues()}'s longs give the same quantiles.
     */
    static void fromWindow(double[] window, double[] quantiles, double[] out) {
        // A multi-way quickselect of just the nine positions read was tried: it cost more (branchy
        // partitioning of 128 values) than selecting the median and sorting the upper half.
        sortFrom(window, lowestIndexNeeded(window.length, quantiles));
        for (int i = 0; i < quantiles.length; i++) {
            out[i] = legacyPercentile(window, quantiles[i] * 100);
        }
    }

    /** The lowest position of the sorted window that {@link #legacyPercentile} reads. */
    static int lowestIndexNeeded(int length, double[] quantiles) {
        int lowest = length;
        for (double quantile : quantiles) {
            double pos = quantile * (length + 1);
            int index = pos < 1 ? 0 : pos >= length ? length - 1 : (int) Math.floor(pos) - 1;
            lowest = Math.min(lowest, index);
        }
        return Math.max(0, lowest);
    }

    /**
     * Leaves {@code values[from..]} exactly as a full sort would: selects the element of rank
     * {@code from} (so everything after it is larger or equal), then sorts only the tail.
     */
    static void sortFrom(double[] values, int from) {
        if (from <= 0 || from >= values.length) {
            Arrays.sort(values);
            return;
        }
        int left = 0;
        int right = values.length - 1;
        // Quickselect with a median-of-three pivot; a full sort caps the work if it degenerates.
        for (int rounds = 0; left < right; rounds++) {
            if (rounds > 64) {
                Arrays.sort(values, left, right + 1);
                return;
            }
            int middle = (left + right) >>> 1;
            double pivot = medianOfThree(values[left], values[middle], values[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            if (from <= j) {
                right = j;
            } else if (from >= i) {
                left = i;
            } else {
                break; // values[j+1..i-1] all equal the pivot, and so does the one of rank from
            }
        }
        Arrays.sort(values, from, values.length);
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Commons Math {@code Percentile.evaluate(p)} with LEGACY estimation on sorted values. */
    static double legacyPercentile(double[] sorted, double p) {
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
