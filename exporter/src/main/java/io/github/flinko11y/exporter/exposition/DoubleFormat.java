package io.github.flinko11y.exporter.exposition;

/**
 * Writes a double exactly as simpleclient's {@code Collector.doubleToGoString} spells it ({@code
 * +Inf}, {@code -Inf}, otherwise {@link Double#toString(double)}), without allocating for the
 * values Flink reports most: whole numbers.
 */
final class DoubleFormat {

    /** Below 10^7 {@link Double#toString(double)} writes whole numbers as digits plus ".0". */
    private static final double PLAIN_LIMIT = 1e7;

    /** Up to 2^53 every whole number is exact, and Double.toString gives its digits in E notation. */
    private static final double EXACT_LIMIT = 9_007_199_254_740_992.0;

    /** 10^0 to 10^18. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private DoubleFormat() {}

    static void write(ValueBuffer out, double value) {
        if (value == Double.POSITIVE_INFINITY) {
            writeAscii(out, "+Inf");
            return;
        }
        if (value == Double.NEGATIVE_INFINITY) {
            writeAscii(out, "-Inf");
            return;
        }
        long whole = (long) value;
        if (whole == value
                && value > -PLAIN_LIMIT
                && value < PLAIN_LIMIT
                && !(whole == 0 && Double.doubleToRawLongBits(value) != 0L)) {
            writeWhole(out, whole);
            return;
        }
        if (whole == value && whole != 0 && value > -EXACT_LIMIT && value < EXACT_LIMIT) {
            writeScientific(out, whole); // counters, byte counts and timestamps end up here
            return;
        }
        writeAscii(out, Double.toString(value));
    }

    /** {@code -1234} → "-1234.0"; |value| below 10^7 so at most 7 digits plus sign and ".0". */
    private static void writeWhole(ValueBuffer out, long value) {
        out.reserve(10);
        long magnitude = sign(out, value);
        out.putDigits(magnitude, digitCount(magnitude));
        out.put((byte) '.');
        out.put((byte) '0');
    }

    /** {@code 12345600} → "1.23456E7": the digits without trailing zeros, at least one decimal. */
    private static void writeScientific(ValueBuffer out, long value) {
        out.reserve(24);
        long digits = sign(out, value);
        int count = digitCount(digits);
        int exponent = count - 1;
        while (digits % 10 == 0) {
            digits /= 10;
            count--;
        }
        long first = digits / POWERS_OF_TEN[count - 1];
        out.put((byte) ('0' + first));
        out.put((byte) '.');
        if (count == 1) {
            out.put((byte) '0');
        } else {
            out.putDigits(digits - first * POWERS_OF_TEN[count - 1], count - 1);
        }
        out.put((byte) 'E');
        if (exponent >= 10) {
            out.put((byte) ('0' + exponent / 10));
        }
        out.put((byte) ('0' + exponent % 10));
    }

    /** Writes a minus sign for negative values; returns the magnitude. */
    private static long sign(ValueBuffer out, long value) {
        if (value < 0) {
            out.put((byte) '-');
            return -value;
        }
        return value;
    }

    /** Decimal digits of a non-negative value: 1 for 0-9, 2 for 10-99, ... */
    private static int digitCount(long value) {
        int count = 1;
        while (count < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[count]) {
            count++;
        }
        return count;
    }

    private static void writeAscii(ValueBuffer out, String s) {
        int length = s.length();
        out.reserve(length);
        for (int i = 0; i < length; i++) {
            out.put((byte) s.charAt(i));
        }
    }
}
