package io.github.flinko11y.exporter.exposition;

import java.util.Arrays;

/**
 * The formatted values of one scrape, back to back, with where each series' values start. Each
 * value is stored as the whole tail of its sample line (<code>"&#125; 42\n"</code>, or
 * {@code " 42\n"} when there is no label block to close) behind one length byte, so writing a
 * line is three copies: name, label block, tail.
 */
final class ValueBuffer {

    /** Marks a series without values in this scrape (null gauge, failed read). */
    static final int ABSENT = -1;

    private byte[] bytes;
    private int length;
    private int[] starts;

    /** {@code capacity}: bytes expected; the buffer grows when more are needed. */
    ValueBuffer(int series, int capacity) {
        this.bytes = new byte[Math.max(64, capacity)];
        this.starts = new int[series + 1];
    }

    /** Empties the buffer for a scrape of {@code series} series, keeping its capacity. */
    void reset(int series) {
        length = 0;
        if (starts.length < series + 1) {
            starts = new int[series + 1];
        }
    }

    /** Makes room for {@code n} more bytes written with {@link #put(byte)}. */
    void reserve(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }

    void put(byte b) {
        bytes[length++] = b;
    }

    /** Appends {@code source} whole, growing the buffer when needed. */
    void put(byte[] source) {
        reserve(source.length);
        System.arraycopy(source, 0, bytes, length, source.length);
        length += source.length;
    }

    /**
     * Appends the tail of a sample line for {@code v}. At most 27 bytes: a closing brace, a
     * space, 24 characters of {@code Double.toString} and a newline, so one byte holds its length.
     */
    void lineTail(double v, boolean closeLabels) {
        reserve(3);
        int lengthAt = length++;
        if (closeLabels) {
            put((byte) '}');
        }
        put((byte) ' ');
        DoubleFormat.write(this, v);
        reserve(1);
        put((byte) '\n');
        bytes[lengthAt] = (byte) (length - lengthAt - 1);
    }

    /**
     * Writes the lowest {@code count} decimal digits of {@code value} (not negative), leading
     * zeros included; room must have been reserved. Filled from the last digit backwards, so each
     * digit costs a division by the constant 10, which compiles to a multiplication.
     */
    void putDigits(long value, int count) {
        for (int i = length + count - 1; i >= length; i--) {
            long quotient = value / 10;
            bytes[i] = (byte) ('0' + (value - quotient * 10));
            value = quotient;
        }
        length += count;
    }

    int length() {
        return length;
    }

    void start(int series, int offset) {
        starts[series] = offset;
    }

    int start(int series) {
        return starts[series];
    }

    byte[] bytes() {
        return bytes;
    }
}
