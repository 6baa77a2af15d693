package io.github.flinko11y.exporter.exposition;

import java.io.IOException;

/**
 * Writes a double exactly as simpleclient's {@code Collector.doubleToGoString} spells it ({@code
 * +Inf}, {@code -Inf}, otherwise {@link Double#toString(double)}), without allocating for the
 * values Flink reports most: whole numbers.
 */
final class DoubleFormat {

    /** Below 10^7 {@link Double#toString(double)} writes whole numbers as digits plus ".0". */
    private static final double PLAIN_LIMIT = 1e7;

    private DoubleFormat() {}

    static void write(ByteSink sink, double value) throws IOException {
        if (value == Double.POSITIVE_INFINITY) {
            writeAscii(sink, "+Inf");
            return;
        }
        if (value == Double.NEGATIVE_INFINITY) {
            writeAscii(sink, "-Inf");
            return;
        }
        long whole = (long) value;
        if (whole == value
                && value > -PLAIN_LIMIT
                && value < PLAIN_LIMIT
                && !(whole == 0 && Double.doubleToRawLongBits(value) != 0L)) {
            writeWhole(sink, whole);
            return;
        }
        writeAscii(sink, Double.toString(value));
    }

    /** {@code -1234} → "-1234.0"; |value| below 10^7 so at most 8 digits plus sign and ".0". */
    private static void writeWhole(ByteSink sink, long value) throws IOException {
        sink.reserve(11);
        if (value < 0) {
            sink.put((byte) '-');
            value = -value;
        }
        long divisor = 1;
        while (divisor * 10 <= value) {
            divisor *= 10;
        }
        while (divisor > 0) {
            sink.put((byte) ('0' + (value / divisor)));
            value %= divisor;
            divisor /= 10;
        }
        sink.put((byte) '.');
        sink.put((byte) '0');
    }

    private static void writeAscii(ByteSink sink, String s) throws IOException {
        int length = s.length();
        sink.reserve(length);
        for (int i = 0; i < length; i++) {
            sink.put((byte) s.charAt(i));
        }
    }
}
