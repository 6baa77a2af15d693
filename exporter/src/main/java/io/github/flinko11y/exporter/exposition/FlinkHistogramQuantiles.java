package io.github.flinko11y.exporter.exposition;

import java.util.Arrays;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * Quantiles of Flink's {@code DescriptiveStatisticsHistogramStatistics} (the statistics of every
 * histogram Flink's runtime registers) from a few selections instead of six full sorts.
 *
 * <p>That class re-copies and re-sorts its window on every {@code getQuantile} call (~4.5 KB and
 * a sort each), which made histograms the largest cost of a scrape for any reporter. Here the
 * window is copied once, only the ranks the quantiles read are put in place, and each quantile is computed
 * with the same arithmetic as Apache Commons Math's {@code Percentile} (estimation type LEGACY,
 * the one Flink uses), so values are identical to {@code getQuantile}'s, bit for bit; a test on
 * both Flink versions holds it to that. Other statistics classes are asked directly.
 */
final class FlinkHistogramQuantiles {

    private static final String FLINK_STATISTICS =
            "org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogramStatistics";

    /** Ranges this small are insertion-sorted rather than partitioned again. */
    private static final int SMALL = 16;

    private FlinkHistogramQuantiles() {}

    /** Fills {@code out[i]} with the {@code quantiles[i]} of {@code statistics}. */
    static void read(HistogramStatistics statistics, double[] quantiles, double[] out) {
        if (!statistics.getClass().getName().equals(FLINK_STATISTICS)) {
            for (int i = 0; i < quantiles.length; i++) {
                out[i] = statistics.getQuantile(quantiles[i]);
            }
            return;
        }
        fromWindow(statistics.getValues(), quantiles, out); // a fresh copy, ours to reorder
    }

    /**
     * Fills {@code out[i]} with the {@code quantiles[i]} of a histogram window; {@code window} is
     * a copy, reordered here. Flink's histograms hold whole numbers ({@code update(long)}), so
     * {@code getValues()}'s longs convert back to exactly the doubles Flink's window holds, and
     * ordering them as longs gives the same quantiles without a copy as doubles.
     *
     * <p>Only the ranks the quantiles read are put in place, in ascending order: a selection puts
     * rank k in place with everything smaller to its left, so later selections look only to its
     * right, and the rank right after a placed one is the minimum of the rest. The selection's
     * partitioning is branch-free, because on a window of random latencies every comparison is a
     * coin toss for the branch predictor. Measured on 128-value windows: 1.1 µs against 2.9 µs for
     * the previous quickselect of the median plus a sort of the upper half.
     */
    static void fromWindow(long[] window, double[] quantiles, double[] out) {
        if (!ascending(quantiles)) {
            Arrays.sort(window);
        }
        int n = window.length;
        int left = 0; // window[left..] holds the ranks from left up, in any order
        for (int i = 0; i < quantiles.length; i++) {
            double p = quantiles[i] * 100;
            if (n > 1) {
                double pos = position(n, p);
                if (pos < 1) {
                    left = place(window, left, 0);
                } else if (pos >= n) {
                    left = place(window, left, n - 1);
                } else {
                    int upper = (int) Math.floor(pos);
                    left = place(window, left, upper - 1);
                    left = place(window, left, upper);
                }
            }
            out[i] = legacyPercentile(window, p);
        }
    }

    private static boolean ascending(double[] quantiles) {
        for (int i = 1; i < quantiles.length; i++) {
            if (quantiles[i] < quantiles[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts rank {@code k} in place and returns the new {@code left}, given that every rank asked
     * for before is below {@code k} or in place, and {@code values[left..]} holds the ranks from
     * {@code left} up in any order.
     */
    static int place(long[] values, int left, int k) {
        int n = values.length;
        if (k < left) {
            return left;
        }
        if (n - left <= SMALL) {
            insertionSort(values, left, n - 1);
            return n;
        }
        if (k == left) {
            int min = left;
            for (int i = left + 1; i < n; i++) {
                if (values[i] < values[min]) {
                    min = i;
                }
            }
            swap(values, left, min);
            return left + 1;
        }
        select(values, left, n - 1, k);
        return k + 1;
    }

    /** Leaves rank {@code k} of {@code values[left..right]} in place, smaller ones before it. */
    private static void select(long[] values, int left, int right, int k) {
        for (int rounds = 0; right - left > SMALL; rounds++) {
            if (rounds > 64) { // a sort caps the work if the pivots degenerate
                Arrays.sort(values, left, right + 1);
                return;
            }
            int middle = (left + right) >>> 1;
            long pivot = medianOfThree(values[left], values[middle], values[right]);
            int less = partitionBelow(values, left, right, pivot);
            if (k < less) {
                right = less - 1;
                continue;
            }
            int equal = partitionEqual(values, less, right, pivot);
            if (k < equal) {
                return; // values[less..equal-1] all equal the pivot, and so does rank k
            }
            left = equal;
        }
        insertionSort(values, left, right);
    }

    /**
     * Moves the values below the pivot to the front of the range without a data-dependent branch
     * (the increment compiles to a conditional move); returns where the rest starts.
     */
    private static int partitionBelow(long[] values, int from, int to, long pivot) {
        int store = from;
        for (int i = from; i <= to; i++) {
            long v = values[i];
            values[i] = values[store];
            values[store] = v;
            store += v < pivot ? 1 : 0;
        }
        return store;
    }

    /** As {@link #partitionBelow}, for the values equal to the pivot. */
    private static int partitionEqual(long[] values, int from, int to, long pivot) {
        int store = from;
        for (int i = from; i <= to; i++) {
            long v = values[i];
            values[i] = values[store];
            values[store] = v;
            store += v == pivot ? 1 : 0;
        }
        return store;
    }

    private static void insertionSort(long[] values, int from, int to) {
        for (int i = from + 1; i <= to; i++) {
            long v = values[i];
            int j = i - 1;
            while (j >= from && values[j] > v) {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = v;
        }
    }

    private static void swap(long[] values, int a, int b) {
        long t = values[a];
        values[a] = values[b];
        values[b] = t;
    }

    private static long medianOfThree(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Commons Math's LEGACY position of percentile {@code p} among {@code length} values. */
    private static double position(int length, double p) {
        double fraction = p / 100;
        return Double.compare(fraction, 0d) == 0
                ? 0
                : Double.compare(fraction, 1d) == 0 ? length : fraction * (length + 1);
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
        double pos = position(length, p);
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
