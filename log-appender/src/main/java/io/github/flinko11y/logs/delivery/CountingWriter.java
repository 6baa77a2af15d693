package io.github.flinko11y.logs.delivery;

import com.github.loki4j.client.batch.LogRecordBatch;
import com.github.loki4j.client.writer.Writer;
import java.nio.ByteBuffer;

/** loki4j's batch encoder, noting how many lines end up in each encoded buffer. */
final class CountingWriter implements Writer {

    private final Writer delegate;
    private final BatchLineCounts counts;
    private int lines;

    CountingWriter(Writer delegate, BatchLineCounts counts) {
        this.delegate = delegate;
        this.counts = counts;
    }

    @Override
    public boolean isBinary() {
        return delegate.isBinary();
    }

    @Override
    public void serializeBatch(LogRecordBatch batch) {
        lines = batch.size();
        delegate.serializeBatch(batch);
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public void toByteBuffer(ByteBuffer buffer) {
        delegate.toByteBuffer(buffer);
        counts.put(buffer, lines);
    }

    @Override
    public byte[] toByteArray() {
        return delegate.toByteArray();
    }

    @Override
    public void reset() {
        delegate.reset();
    }
}
