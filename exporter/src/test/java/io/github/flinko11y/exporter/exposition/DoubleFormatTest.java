package io.github.flinko11y.exporter.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DoubleFormatTest {

    private static String format(double value) {
        ValueBuffer out = new ValueBuffer(1, 64);
        DoubleFormat.write(out, value);
        return new String(out.bytes(), 0, out.length(), StandardCharsets.US_ASCII);
    }

    @Test
    void edgeValuesAreSpelledAsSimpleclientSpellsThem() {
        double[] values = {
            0.0, -0.0, 1.0, -1.0, 9_999_999.0, 10_000_000.0, -9_999_999.0, -10_000_000.0,
            0.001, 0.000999, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1.5, 123.456,
            Long.MAX_VALUE, Long.MIN_VALUE, 9_007_199_254_740_993.0, 1e7 - 0.5, 42,
            9_007_199_254_740_991.0, -9_007_199_254_740_991.0, 9_007_199_254_740_992.0, 1e15, 1e14 + 1,
            1_700_000_000_000.0, 12_345_678.0, 10_000_001.0, 99_999_999.0, 100_000_000.0
        };
        for (double value : values) {
            assertThat(format(value)).as("value %s", value).isEqualTo(Collector.doubleToGoString(value));
        }
    }

    @Test
    void randomWholeAndFractionalValuesMatchSimpleclient() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double value;
            switch (i % 6) {
                case 4:
                    value = random.nextLong(-9_007_199_254_740_992L, 9_007_199_254_740_992L)
                            / (long) Math.pow(10, random.nextInt(0, 16));
                    break;
                case 5:
                    value = random.nextLong(1, 100_000) * (long) Math.pow(10, random.nextInt(2, 12));
                    break;
                case 0:
                    value = random.nextLong(-20_000_000L, 20_000_000L);
                    break;
                case 1:
                    value = random.nextDouble() * Math.pow(10, random.nextInt(-10, 20));
                    break;
                case 2:
                    value = Double.longBitsToDouble(random.nextLong());
                    break;
                default:
                    value = random.nextInt(0, 1000) / 8.0;
            }
            assertThat(format(value)).as("value %s", value).isEqualTo(Collector.doubleToGoString(value));
        }
    }
}
