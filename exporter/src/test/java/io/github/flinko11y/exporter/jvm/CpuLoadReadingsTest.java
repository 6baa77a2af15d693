package io.github.flinko11y.exporter.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuLoadReadingsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(100 * SECOND);
    private final AtomicLong processCpu = new AtomicLong(7 * SECOND);
    private final AtomicInteger systemReads = new AtomicInteger();
    private final CpuLoadReadings readings = new CpuLoadReadings(
            () -> 0.25 + systemReads.incrementAndGet(), processCpu::get, () -> 4, now::get);

    @Test
    void bothLoadsComeFromOneReadingThatServesForUpToASecond() {
        now.addAndGet(2 * SECOND);
        processCpu.addAndGet(2 * SECOND); // 2 s of CPU in 2 s on 4 processors
        assertThat(readings.systemLoad()).isEqualTo(1.25);
        assertThat(readings.processLoad()).isEqualTo(0.25);

        now.addAndGet(CpuLoadReadings.MAX_AGE_NANOS - 1);
        processCpu.addAndGet(SECOND);
        assertThat(readings.systemLoad()).isEqualTo(1.25);
        assertThat(readings.processLoad()).isEqualTo(0.25);
        assertThat(systemReads).hasValue(1);

        now.addAndGet(1);
        processCpu.addAndGet(SECOND); // since the last reading: 2 s of CPU in 1 s on 4 processors
        assertThat(readings.processLoad()).isEqualTo(0.5);
        assertThat(readings.systemLoad()).isEqualTo(2.25);
        assertThat(systemReads).hasValue(2);
    }

    @Test
    void theProcessLoadStaysBetweenZeroAndOne() {
        now.addAndGet(SECOND);
        processCpu.addAndGet(5 * SECOND); // more than 4 processors can give: clock skew between the two
        assertThat(readings.processLoad()).isEqualTo(1.0);

        now.addAndGet(SECOND);
        processCpu.addAndGet(-SECOND);
        assertThat(readings.processLoad()).isEqualTo(0.0);
    }

    /** The JDK's getProcessCpuLoad() gave 0 to whichever of two back-to-back callers came second. */
    @Test
    @SuppressWarnings("deprecation")
    void anotherReaderOfTheJdksProcessLoadDoesNotZeroOurs() throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long threadCpuStart = threads.getCurrentThreadCpuTime();
        CpuLoadReadings real = new CpuLoadReadings();
        double sink = 0;
        while (System.nanoTime() - start < CpuLoadReadings.MAX_AGE_NANOS) {
            sink += Math.sqrt(sink + 1); // this thread keeps a processor busy, as far as it is given one
        }
        os.getProcessCpuLoad(); // as Flink's Status.JVM.CPU.Load gauge does, just before our reading
        double load = real.processLoad();
        long threadCpu = threads.getCurrentThreadCpuTime() - threadCpuStart;
        long elapsed = System.nanoTime() - start;
        // the process used at least this thread's CPU over at most this time
        double atLeast = 0.9 * threadCpu / ((double) elapsed * Runtime.getRuntime().availableProcessors());
        assertThat(atLeast).as("busy spin %s", sink).isGreaterThan(0.05);
        assertThat(load).isBetween(atLeast, 1.0);
    }

    @Test
    void theMaximumAgeIsOneSecondAsDocumented() {
        assertThat(CpuLoadReadings.MAX_AGE_NANOS).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }
}
