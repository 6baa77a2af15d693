package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.demo.fault.Fault;
import io.github.flinko11y.demo.fault.FaultSwitch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceSplit;
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
}
