package io.github.flinko11y.exporter.exposition;

/** Counts what a {@link ByteSink} would write: the body's exact length and its sample lines. */
final class LineCounter implements LineSink {

    private long bytes;
    private long lines;

    @Override
    public void header(byte[] header) {
        bytes += header.length;
    }

    @Override
    public void line(byte[] name, byte[] labels, int labelsOffset, int labelsLength, byte[] extra, byte[] tails,
            int tailOffset, int tailLength) {
        bytes += name.length + labelsLength + extra.length + tailLength;
        lines++;
    }

    long bytes() {
        return bytes;
    }

    long lines() {
        return lines;
    }
}
