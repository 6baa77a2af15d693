package io.github.flinko11y.exporter.exposition;

import java.util.Arrays;

/** The formatted values of one scrape, back to back, with where each series' values start. */
final class ValueBuffer {

    /** Marks a series without values in this scrape (null gauge, failed read). */
    static final int ABSENT = -1;

    private byte[] bytes;
    private int length;
    private final int[] starts;

    ValueBuffer(int series) {
        this.bytes = new byte[Math.max(64, series * 8)];
        this.starts = new int[series + 1];
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

    /** Formats a value: each one ends with a zero byte so the writer can find value boundaries. */
    void value(double v) {
        DoubleFormat.write(this, v);
        reserve(1);
        put((byte) 0);
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
