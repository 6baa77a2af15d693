package io.github.flinko11y.exporter.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlinkHistogramQuantilesTest {

    @Test
    void selectionPutsEveryWantedPositionAsAFullSortWould() {
        Random random = new Random(42);
        for (int round = 0; round < 3_000; round++) {
            int length = 1 + random.nextInt(300);
            // narrow ranges give many duplicates, wide ones none
            int range = round % 3 == 0 ? 3 : round % 3 == 1 ? 1_000 : Integer.MAX_VALUE;
            long[] values = new long[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextInt(range) - range / 2;
            }
            if (round % 7 == 0) {
                Arrays.sort(values); // already sorted input
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int[] positions = random.ints(1 + random.nextInt(12), 0, length).sorted().distinct().toArray();

            FlinkHistogramQuantiles.select(values, positions);

            for (int position : positions) {
                assertThat(values[position]).as("length %d, position %d", length, position).isEqualTo(sorted[position]);
            }
            assertThat(Arrays.stream(values).sorted().toArray()).as("a permutation").isEqualTo(sorted);
        }
    }

    @Test
    void positionsReadAreTheNeighboursOfEachLegacyPosition() {
        // LEGACY: pos = q * (n + 1); the value is interpolated between positions floor(pos) - 1 and floor(pos)
        assertThat(FlinkHistogramQuantiles.positionsRead(128, MetricValues.QUANTILES))
                .containsExactly(63, 64, 95, 96, 121, 122, 125, 126, 127);
        assertThat(FlinkHistogramQuantiles.positionsRead(3, MetricValues.QUANTILES)).containsExactly(1, 2);
        assertThat(FlinkHistogramQuantiles.positionsRead(1, MetricValues.QUANTILES)).containsExactly(0);
        assertThat(FlinkHistogramQuantiles.positionsRead(0, MetricValues.QUANTILES)).isEmpty();
    }

    @Test
    void quantilesFromTheSelectionEqualThoseFromAFullSort() {
        Random random = new Random(7);
        for (int length = 1; length <= 260; length++) {
            long[] values = new long[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextInt(10_000);
            }
            long[] full = values.clone();
            Arrays.sort(full);
            FlinkHistogramQuantiles.select(values, FlinkHistogramQuantiles.positionsRead(length, MetricValues.QUANTILES));
            for (double q : MetricValues.QUANTILES) {
                assertThat(FlinkHistogramQuantiles.legacyPercentile(values, q * 100))
                        .as("length %d, quantile %s", length, q)
                        .isEqualTo(FlinkHistogramQuantiles.legacyPercentile(full, q * 100));
            }
        }
    }
}
