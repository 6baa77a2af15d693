package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.demo.fault.Fault;
import io.github.flinko11y.demo.fault.FaultSwitch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrottledSourceTest {

    @Test
    void healthyReadersWaitForNothing(@TempDir Path dir) {
        ThrottledSource.LagFaultLimiter<SourceSplit> limiter =
                new ThrottledSource.LagFaultLimiter<>(FaultSwitch.onFile(dir.resolve("fault").toString()));
        assertThat(limiter.acquire(1).toCompletableFuture()).isDone();
    }

    @Test
    void underTheLagFaultEachRecordWaitsItsShareOfASecond(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("fault"), "lag\n");
        ThrottledSource.LagFaultLimiter<SourceSplit> limiter = new ThrottledSource.LagFaultLimiter<>(FaultSwitch.onFile(file.toString()));
        long start = System.nanoTime();
        CompletableFuture<Void> permit = limiter.acquire(1).toCompletableFuture();
        assertThat(permit).isNotDone();
        permit.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(1000L / Fault.LAG_RECORDS_PER_SECOND - 5);
    }

    @Test
    void theWrappedReaderHearsOfCompletedAndAbortedCheckpointsSoKafkaCommitsItsOffsets(@TempDir Path dir) throws Exception {
        RecordingReader wrapped = new RecordingReader();
        SourceReader<String, SourceSplit> reader = new ThrottledSource.CheckpointForwardingReader<>(wrapped,
                new ThrottledSource.LagFaultLimiter<>(FaultSwitch.onFile(dir.resolve("fault").toString())));
        reader.notifyCheckpointComplete(7);
        reader.notifyCheckpointAborted(8);
        assertThat(wrapped.calls).containsExactly("complete 7", "aborted 8");
    }

    /** A reader that only records the checkpoint notifications it receives. */
    private static final class RecordingReader implements SourceReader<String, SourceSplit> {
        final List<String> calls = new ArrayList<>();

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<String> output) {
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return new CompletableFuture<>();
        }

        @Override
        public void addSplits(List<SourceSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public List<SourceSplit> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public void close() {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            calls.add("complete " + checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) {
            calls.add("aborted " + checkpointId);
        }
    }
}
