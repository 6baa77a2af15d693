package io.github.flinko11y.exporter.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlinkHistogramQuantilesTest {

    @Test
    void partialSortLeavesTheTailAsAFullSortWould() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            int length = random.nextInt(300);
            // narrow ranges give many duplicates, wide ones none
            int range = round % 3 == 0 ? 3 : round % 3 == 1 ? 1_000 : Integer.MAX_VALUE;
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextInt(range) - range / 2;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int from = length == 0 ? 0 : random.nextInt(length);

            FlinkHistogramQuantiles.sortFrom(values, from);

            assertThat(Arrays.copyOfRange(values, from, length))
                    .as("length %d, from %d", length, from)
                    .containsExactly(Arrays.copyOfRange(sorted, from, length));
        }
    }

    @Test
    void sortedAndAlreadyReversedInputsAreHandled() {
        double[] ascending = new double[128];
        double[] descending = new double[128];
        for (int i = 0; i < 128; i++) {
            ascending[i] = i;
            descending[i] = 127 - i;
        }
        FlinkHistogramQuantiles.sortFrom(ascending, 63);
        FlinkHistogramQuantiles.sortFrom(descending, 63);
        for (int i = 63; i < 128; i++) {
            assertThat(ascending[i]).isEqualTo(i);
            assertThat(descending[i]).isEqualTo(i);
        }
    }

    @Test
    void lowestIndexNeededIsTheMediansLowerNeighbour() {
        double[] quantiles = MetricValues.QUANTILES;
        // LEGACY position of the median is 0.5 * (n + 1); the lower neighbour is read at floor - 1
        assertThat(FlinkHistogramQuantiles.lowestIndexNeeded(128, quantiles)).isEqualTo(63);
        assertThat(FlinkHistogramQuantiles.lowestIndexNeeded(3, quantiles)).isEqualTo(1);
        assertThat(FlinkHistogramQuantiles.lowestIndexNeeded(1, quantiles)).isEqualTo(0);
        assertThat(FlinkHistogramQuantiles.lowestIndexNeeded(0, quantiles)).isEqualTo(0);
    }

    @Test
    void quantilesFromThePartialSortEqualThoseFromAFullSort() {
        Random random = new Random(7);
        for (int length = 1; length <= 200; length++) {
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextInt(10_000);
            }
            double[] full = values.clone();
            Arrays.sort(full);
            FlinkHistogramQuantiles.sortFrom(values, FlinkHistogramQuantiles.lowestIndexNeeded(length, MetricValues.QUANTILES));
            for (double q : MetricValues.QUANTILES) {
                assertThat(FlinkHistogramQuantiles.legacyPercentile(values, q * 100))
                        .as("length %d, quantile %s", length, q)
                        .isEqualTo(FlinkHistogramQuantiles.legacyPercentile(full, q * 100));
            }
        }
    }
}
