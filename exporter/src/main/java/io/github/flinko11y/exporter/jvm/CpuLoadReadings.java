package io.github.flinko11y.exporter.jvm;

import io.github.flinko11y.exporter.jvm.cpu.SystemCpuLoad;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code system.cpu.usage} and {@code process.cpu.usage}, the gauges of Micrometer's {@code
 * ProcessorMetrics} (same names and descriptions), read at most once per {@link #MAX_AGE_NANOS
 * second}.
 *
 * <p>The system load is {@link SystemCpuLoad}'s on Linux: the JDK's container-aware computation
 * from the same cgroup files and /proc/stat, without the JDK's per-call file machinery (the largest
 * fixed cost of a small scrape when the JDK's was used) and over the time since this binder's
 * previous reading rather than since anyone in the JVM last asked. Elsewhere the JDK's {@code
 * getSystemCpuLoad()}. It is a "recent" load, averaged over the time since the previous reading, so
 * a reading at most a second old is what a scrape a second apart would have got.
 *
 * <p>The process load is the process's CPU time since the previous reading over the elapsed time
 * and the processors available to the JVM, not the JDK's {@code getProcessCpuLoad()}: that one
 * averages over the time since anyone in the JVM last called it, and Flink's own {@code
 * Status.JVM.CPU.Load} gauge calls it in the same scrape, so whichever came second read the load of
 * the last few microseconds (0). The CPU time costs a fraction of a microsecond to read.
 *
 * <p>Bound before {@code ProcessorMetrics}, whose registrations of the same ids then return these
 * gauges. Only on JVMs with {@code com.sun.management}'s bean (HotSpot); elsewhere binding fails
 * and {@code ProcessorMetrics}' own gauges serve.
 */
final class CpuLoadReadings implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(CpuLoadReadings.class);

    /** Documented in docs/jvm-metrics.md (JvmMetricsReferenceTest) and docs/performance.md. */
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DoubleSupplier systemLoad;
    private final LongSupplier processCpuNanos;
    private final IntSupplier processors;
    private final LongSupplier nanoTime;
    private volatile Reading last;

    /** Both loads as read at one moment, with the process CPU time the next reading starts from. */
    private static final class Reading {
        final long nanoTime;
        final long processCpuNanos;
        final double system;
        final double process;
        /** Taken at binding: where the first process load starts from, not a load to serve. */
        final boolean baseline;

        Reading(long nanoTime, long processCpuNanos, double system, double process, boolean baseline) {
            this.nanoTime = nanoTime;
            this.processCpuNanos = processCpuNanos;
            this.system = system;
            this.process = process;
            this.baseline = baseline;
        }
    }

    CpuLoadReadings() {
        this(hotSpotBean());
    }

    private CpuLoadReadings(com.sun.management.OperatingSystemMXBean os) {
        this(systemLoad(os), os::getProcessCpuTime, Runtime.getRuntime()::availableProcessors, System::nanoTime);
    }

    // getSystemCpuLoad: getCpuLoad (what ProcessorMetrics prefers) is JDK 14+, and there
    // getSystemCpuLoad returns it
    @SuppressWarnings("deprecation")
    private static DoubleSupplier systemLoad(com.sun.management.OperatingSystemMXBean os) {
        try {
            SystemCpuLoad load = SystemCpuLoad.ofThisSystem();
            if (load != null) {
                return load::read;
            }
        } catch (RuntimeException e) {
            LOG.warn("JVM statistics: could not locate this process's cgroup CPU files; system_cpu_usage is"
                    + " read from the JDK instead.", e);
        }
        return os::getSystemCpuLoad;
    }

    CpuLoadReadings(DoubleSupplier systemLoad, LongSupplier processCpuNanos, IntSupplier processors,
            LongSupplier nanoTime) {
        this.systemLoad = systemLoad;
        this.processCpuNanos = processCpuNanos;
        this.processors = processors;
        this.nanoTime = nanoTime;
        this.last = new Reading(nanoTime.getAsLong(), processCpuNanos.getAsLong(), 0, 0, true);
    }

    private static com.sun.management.OperatingSystemMXBean hotSpotBean() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (!(bean instanceof com.sun.management.OperatingSystemMXBean)
                || ((com.sun.management.OperatingSystemMXBean) bean).getProcessCpuTime() < 0) {
            throw new IllegalStateException("no process CPU time from com.sun.management.OperatingSystemMXBean;"
                    + " ProcessorMetrics reads the loads");
        }
        return (com.sun.management.OperatingSystemMXBean) bean;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("system.cpu.usage", this, CpuLoadReadings::systemLoad)
                .description("The \"recent cpu usage\" of the system the application is running in")
                .register(registry);
        Gauge.builder("process.cpu.usage", this, CpuLoadReadings::processLoad)
                .description("The \"recent cpu usage\" for the Java Virtual Machine process")
                .register(registry);
    }

    double systemLoad() {
        return current().system;
    }

    double processLoad() {
        return current().process;
    }

    private Reading current() {
        long now = nanoTime.getAsLong();
        Reading reading = last;
        if (reading.baseline || now - reading.nanoTime >= MAX_AGE_NANOS) {
            long cpu = processCpuNanos.getAsLong();
            reading = new Reading(now, cpu, systemLoad.getAsDouble(), processLoad(reading, now, cpu), false);
            last = reading;
        }
        return reading;
    }

    private double processLoad(Reading previous, long now, long cpu) {
        long elapsed = now - previous.nanoTime;
        if (elapsed <= 0) {
            return previous.process;
        }
        double load = (double) (cpu - previous.processCpuNanos) / ((double) elapsed * processors.getAsInt());
        return Math.max(0, Math.min(1, load));
    }
}
