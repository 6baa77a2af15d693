package io.github.flinko11y.exporter.exposition;

import java.io.IOException;

/**
 * Where the text format's pieces go. The layout of the body is written once ({@link
 * TextFormatWriter}) and run twice: into a {@link LineCounter} for the exact length, then into a
 * {@link ByteSink} for the bytes, so the {@code Content-Length} sent can never disagree with the body.
 */
interface LineSink {

    /** A family's {@code # HELP} and {@code # TYPE} lines, pre-encoded. */
    void header(byte[] header) throws IOException;

    /**
     * One sample line from its pieces: name, label block (a slice of {@code labels}), an optional
     * extra piece (a quantile label, else empty) and the stored line tail (a slice of {@code tails}).
     */
    void line(byte[] name, byte[] labels, int labelsOffset, int labelsLength, byte[] extra, byte[] tails,
            int tailOffset, int tailLength) throws IOException;
}
