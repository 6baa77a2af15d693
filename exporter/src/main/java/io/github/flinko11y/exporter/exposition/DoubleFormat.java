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
        putDigits(out, magnitude, placeOfFirstDigit(magnitude));
        out.put((byte) '.');
        out.put((byte) '0');
    }

    /** {@code 12345600} → "1.23456E7": the digits without trailing zeros, at least one decimal. */
    private static void writeScientific(ValueBuffer out, long value) {
        out.reserve(24);
        long digits = sign(out, value);
        long place = placeOfFirstDigit(digits);
        int exponent = 0;
        for (long p = place; p > 1; p /= 10) {
            exponent++;
        }
        while (digits % 10 == 0) {
            digits /= 10;
            place /= 10;
        }
        out.put((byte) ('0' + digits / place));
        out.put((byte) '.');
        if (place == 1) {
            out.put((byte) '0');
        } else {
            putDigits(out, digits % place, place / 10);
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

    /** 1 for 0-9, 10 for 10-99, ...: the place value of the first digit. */
    private static long placeOfFirstDigit(long value) {
        long place = 1;
        while (place <= value / 10) {
            place *= 10;
        }
        return place;
    }

    /** Writes {@code value}'s digits from the {@code place} digit down, leading zeros included. */
    private static void putDigits(ValueBuffer out, long value, long place) {
        for (; place > 0; place /= 10) {
            out.put((byte) ('0' + value / place));
            value %= place;
        }
    }

    private static void writeAscii(ValueBuffer out, String s) {
        int length = s.length();
        out.reserve(length);
        for (int i = 0; i < length; i++) {
            out.put((byte) s.charAt(i));
        }
    }
}
