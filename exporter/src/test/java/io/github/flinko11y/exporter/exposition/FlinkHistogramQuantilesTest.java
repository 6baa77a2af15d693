package io.github.flinko11y.exporter.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlinkHistogramQuantilesTest {

    @Test
    void quantilesFromPlacedRanksEqualThoseOfAFullSort() {
        Random random = new Random(42);
        for (int round = 0; round < 3_000; round++) {
            int length = random.nextInt(300);
            // narrow ranges give many duplicates, wide ones none
            int range = round % 3 == 0 ? 3 : round % 3 == 1 ? 1_000 : Integer.MAX_VALUE;
            long[] values = new long[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextInt(range) - range / 2;
            }
            assertSameAsFullSort(values, MetricValues.QUANTILES, "length " + length + ", range " + range);
        }
    }

    @Test
    void sortedReversedAndConstantWindowsAreHandled() {
        long[] ascending = new long[128];
        long[] descending = new long[128];
        long[] constant = new long[128];
        long[] twoValues = new long[128];
        for (int i = 0; i < 128; i++) {
            ascending[i] = i;
            descending[i] = 127 - i;
            constant[i] = 7;
            twoValues[i] = i % 2;
        }
        assertSameAsFullSort(ascending, MetricValues.QUANTILES, "ascending");
        assertSameAsFullSort(descending, MetricValues.QUANTILES, "descending");
        assertSameAsFullSort(constant, MetricValues.QUANTILES, "constant");
        assertSameAsFullSort(twoValues, MetricValues.QUANTILES, "two values");
    }

    @Test
    void quantilesInAnyOrderAndAtTheEdgesStillComeOutRight() {
        Random random = new Random(3);
        double[][] quantileSets = {{0.999, 0.5, 0.75}, {0.0, 1.0}, {0.001, 0.002, 0.5}, {0.5, 0.5, 0.99}};
        for (double[] quantiles : quantileSets) {
            for (int length = 0; length < 140; length++) {
                long[] values = new long[length];
                for (int i = 0; i < length; i++) {
                    values[i] = random.nextInt(50);
                }
                assertSameAsFullSort(values, quantiles, "length " + length + " quantiles " + Arrays.toString(quantiles));
            }
        }
    }

    @Test
    void anEmptyWindowGivesNaN() {
        double[] out = new double[MetricValues.QUANTILES.length];
        FlinkHistogramQuantiles.fromWindow(new long[0], MetricValues.QUANTILES, out);
        assertThat(out).containsOnly(Double.NaN);
    }

    private static void assertSameAsFullSort(long[] values, double[] quantiles, String what) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[quantiles.length];
        FlinkHistogramQuantiles.fromWindow(values.clone(), quantiles, out);
        for (int i = 0; i < quantiles.length; i++) {
            // Double.equals: NaN equals NaN, and the bits must match
            assertThat(Double.valueOf(out[i])).as("%s, quantile %s", what, quantiles[i])
                    .isEqualTo(Double.valueOf(FlinkHistogramQuantiles.legacyPercentile(sorted, quantiles[i] * 100)));
        }
    }
}
