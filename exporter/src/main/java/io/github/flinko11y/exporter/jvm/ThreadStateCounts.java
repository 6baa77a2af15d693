package io.github.flinko11y.exporter.jvm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@code jvm.threads.states}, the gauges of Micrometer's {@code JvmThreadMetrics} (same name, tag,
 * description and unit), from one thread snapshot per collect instead of one per state.
 *
 * <p>Micrometer's gauge takes {@code getThreadInfo} of every thread for each of the six states: six
 * stop-the-world thread snapshots per scrape, in a TaskManager with hundreds of threads. Bound before
 * {@code JvmThreadMetrics}, whose registrations of the same ids then return these gauges. The
 * snapshot is dropped by {@link #forgetSnapshot()} at the start of every collect, so a value is never
 * older than the collect that serves it.
 */
final class ThreadStateCounts implements MeterBinder, PerCollectSnapshot {

    static final String NAME = "jvm.threads.states";

    private static final Thread.State[] STATES = Thread.State.values();

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Threads per state, indexed by ordinal; null until read in the current collect. */
    private volatile long[] counts;

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Thread.State state : STATES) {
            Gauge.builder(NAME, this, counts -> counts.count(state))
                    .tag("state", state.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .description("The current number of threads")
                    .baseUnit("threads")
                    .register(registry);
        }
    }

    @Override
    public void forgetSnapshot() {
        counts = null;
    }

    private double count(Thread.State state) {
        long[] current = counts;
        if (current == null) {
            current = snapshot();
            counts = current;
        }
        return current[state.ordinal()];
    }

    private long[] snapshot() {
        long[] byState = new long[STATES.length];
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) { // the thread ended between the two calls
                byState[info.getThreadState().ordinal()]++;
            }
        }
        return byState;
    }
}
