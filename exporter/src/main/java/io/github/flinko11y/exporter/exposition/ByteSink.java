package io.github.flinko11y.exporter.exposition;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A plain byte buffer in front of the response stream: the exposition is ASCII plus pre-encoded
 * UTF-8 label blocks, so no {@code Writer}, no char-to-byte encoding and no per-character calls.
 */
final class ByteSink implements LineSink {

    static final int BUFFER_SIZE = 64 * 1024;

    private final OutputStream out;
    private final byte[] buffer;
    private int position;

    /** Buffers in {@code buffer}, of {@link #BUFFER_SIZE} bytes or more; its content is overwritten. */
    ByteSink(OutputStream out, byte[] buffer) {
        this.out = out;
        this.buffer = buffer;
    }

    @Override
    public void header(byte[] header) throws IOException {
        write(header, 0, header.length);
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - position) {
            flushBuffer();
            if (length > buffer.length) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /** One bounds check for the whole line instead of one per piece: a scrape is mostly this loop. */
    @Override
    public void line(byte[] name, byte[] labels, int labelsOffset, int labelsLength, byte[] extra, byte[] tails,
            int tailOffset, int tailLength) throws IOException {
        int total = name.length + labelsLength + extra.length + tailLength;
        if (total > buffer.length - position) {
            flushBuffer();
            if (total > buffer.length) {
                write(name, 0, name.length);
                write(labels, labelsOffset, labelsLength);
                write(extra, 0, extra.length);
                write(tails, tailOffset, tailLength);
                return;
            }
        }
        byte[] to = buffer;
        int at = position;
        System.arraycopy(name, 0, to, at, name.length);
        at += name.length;
        System.arraycopy(labels, labelsOffset, to, at, labelsLength);
        at += labelsLength;
        System.arraycopy(extra, 0, to, at, extra.length);
        at += extra.length;
        System.arraycopy(tails, tailOffset, to, at, tailLength);
        position = at + tailLength;
    }

    void flushBuffer() throws IOException {
        if (position > 0) {
            out.write(buffer, 0, position);
            position = 0;
        }
    }
}
