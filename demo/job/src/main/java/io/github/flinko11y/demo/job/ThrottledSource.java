package io.github.flinko11y.demo.job;

import io.github.flinko11y.demo.fault.Fault;
import io.github.flinko11y.demo.fault.FaultSwitch;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimitedSourceReader;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source (the demo's Kafka source) whose readers the fault switch can slow down: under
 * {@link Fault#LAG} each reader takes {@value Fault#LAG_RECORDS_PER_SECOND} records per second and
 * waits between them through Flink's {@link RateLimitedSourceReader}, so the task is idle, not busy,
 * while the records pile up in the topic. Everything else is the wrapped source's, its metrics too.
 */
public final class ThrottledSource<T, SplitT extends SourceSplit, EnumChkT> implements Source<T, SplitT, EnumChkT> {
    private static final long serialVersionUID = 1L;

    private final Source<T, SplitT, EnumChkT> source;
    private final FaultSwitch faults;

    public ThrottledSource(Source<T, SplitT, EnumChkT> source, FaultSwitch faults) {
        this.source = source;
        this.faults = faults;
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SourceReader<T, SplitT> createReader(SourceReaderContext readerContext) throws Exception {
        return new CheckpointForwardingReader<>(source.createReader(readerContext), new LagFaultLimiter<>(faults));
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> createEnumerator(SplitEnumeratorContext<SplitT> enumContext) throws Exception {
        return source.createEnumerator(enumContext);
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(SplitEnumeratorContext<SplitT> enumContext,
            EnumChkT checkpoint) throws Exception {
        return source.restoreEnumerator(enumContext, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    /**
     * Flink's {@link RateLimitedSourceReader} tells only its rate limiter that a checkpoint completed
     * and drops source events and split pausing: the wrapped reader must hear them too, or the Kafka
     * source never commits its offsets (its commit metrics stay at 0, its committed offsets at -1).
     */
    static final class CheckpointForwardingReader<T, SplitT extends SourceSplit> extends RateLimitedSourceReader<T, SplitT> {
        private final SourceReader<T, SplitT> reader;

        CheckpointForwardingReader(SourceReader<T, SplitT> reader, RateLimiter<SplitT> limiter) {
            super(reader, limiter);
            this.reader = reader;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            super.notifyCheckpointComplete(checkpointId);
            reader.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            reader.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void handleSourceEvents(SourceEvent sourceEvent) {
            reader.handleSourceEvents(sourceEvent);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> splitsToPause, Collection<String> splitsToResume) {
            reader.pauseOrResumeSplits(splitsToPause, splitsToResume);
        }
    }

    /** Lets records through at once, or one per 1/{@value Fault#LAG_RECORDS_PER_SECOND} s under the lag fault. */
    static final class LagFaultLimiter<SplitT extends SourceSplit> implements RateLimiter<SplitT> {
        private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);
        private final FaultSwitch faults;

        LagFaultLimiter(FaultSwitch faults) {
            this.faults = faults;
        }

        @Override
        public CompletionStage<Void> acquire(int records) {
            if (!faults.is(Fault.LAG)) {
                return NOW;
            }
            long delayMillis = records * 1000L / Fault.LAG_RECORDS_PER_SECOND;
            return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
        }
    }
}
