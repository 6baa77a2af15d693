package io.github.flinko11y.exporter.jvm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * {@code system.cpu.usage} and {@code process.cpu.usage}, the gauges of Micrometer's {@code
 * ProcessorMetrics} (same names and descriptions), read from the JVM at most once per {@link
 * #MAX_AGE_NANOS second}.
 *
 * <p>In a container the JDK answers both by reading several cgroup files (and /proc) afresh, the
 * largest fixed cost of a small scrape. Both are "recent" loads, averaged by the JDK over the time
 * since its previous reading, so a reading at most a second old is what a scrape a second apart
 * would have got. Bound before {@code ProcessorMetrics}, whose registrations of the same ids then
 * return these gauges. Only on JVMs with {@code com.sun.management}'s bean (HotSpot); elsewhere
 * binding fails and {@code ProcessorMetrics}' own gauges serve.
 */
final class CpuLoadReadings implements MeterBinder {

    /** Documented in docs/jvm-metrics.md (JvmMetricsReferenceTest) and docs/performance.md. */
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DoubleSupplier systemLoad;
    private final DoubleSupplier processLoad;
    private final LongSupplier nanoTime;
    private volatile Reading last;

    /** Both loads as read at one moment. */
    private static final class Reading {
        final long nanoTime;
        final double system;
        final double process;

        Reading(long nanoTime, double system, double process) {
            this.nanoTime = nanoTime;
            this.system = system;
            this.process = process;
        }
    }

    CpuLoadReadings() {
        this(hotSpotBean());
    }

    // getSystemCpuLoad: getCpuLoad (what ProcessorMetrics prefers) is JDK 14+, and there
    // getSystemCpuLoad returns it
    @SuppressWarnings("deprecation")
    private CpuLoadReadings(com.sun.management.OperatingSystemMXBean os) {
        this(os::getSystemCpuLoad, os::getProcessCpuLoad, System::nanoTime);
    }

    CpuLoadReadings(DoubleSupplier systemLoad, DoubleSupplier processLoad, LongSupplier nanoTime) {
        this.systemLoad = systemLoad;
        this.processLoad = processLoad;
        this.nanoTime = nanoTime;
    }

    private static com.sun.management.OperatingSystemMXBean hotSpotBean() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (!(bean instanceof com.sun.management.OperatingSystemMXBean)) {
            throw new IllegalStateException("no com.sun.management.OperatingSystemMXBean; ProcessorMetrics reads the loads");
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
        if (reading == null || now - reading.nanoTime >= MAX_AGE_NANOS) {
            reading = new Reading(now, systemLoad.getAsDouble(), processLoad.getAsDouble());
            last = reading;
        }
        return reading;
    }
}
