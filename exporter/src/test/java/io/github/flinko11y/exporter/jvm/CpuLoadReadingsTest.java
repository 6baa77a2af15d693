package io.github.flinko11y.exporter.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuLoadReadingsTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(100));
    private final AtomicInteger reads = new AtomicInteger();
    private final CpuLoadReadings readings = new CpuLoadReadings(
            () -> 0.25 + reads.incrementAndGet(), () -> 0.5 + reads.get(), now::get);

    @Test
    void bothLoadsComeFromOneReadingThatServesForUpToASecond() {
        assertThat(readings.systemLoad()).isEqualTo(1.25);
        assertThat(readings.processLoad()).isEqualTo(1.5);

        now.addAndGet(CpuLoadReadings.MAX_AGE_NANOS - 1);
        assertThat(readings.systemLoad()).isEqualTo(1.25);
        assertThat(readings.processLoad()).isEqualTo(1.5);
        assertThat(reads).hasValue(1);

        now.addAndGet(1);
        assertThat(readings.processLoad()).isEqualTo(2.5);
        assertThat(readings.systemLoad()).isEqualTo(2.25);
        assertThat(reads).hasValue(2);
    }

    @Test
    void theMaximumAgeIsOneSecondAsDocumented() {
        assertThat(CpuLoadReadings.MAX_AGE_NANOS).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }
}
