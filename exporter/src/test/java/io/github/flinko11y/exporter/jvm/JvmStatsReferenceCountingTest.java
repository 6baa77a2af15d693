package io.github.flinko11y.exporter.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** One binding per JVM: shared by every handle, released with the last. */
@SuppressWarnings("deprecation") // Micrometer's simpleclient registry, see JvmBinding
class JvmStatsReferenceCountingTest {

    @Test
    void twoHandlesShareOneRegistryUntilTheLastCloses() {
        JvmStats.Handle first = JvmStats.acquire();
        JvmStats.Handle second = JvmStats.acquire();
        PrometheusMeterRegistry registry = first.binding().registry();
        assertThat(second.binding().registry()).isSameAs(registry);

        first.close();
        assertThat(registry.isClosed()).isFalse();
        assertThat(Families.names(second.collect(null))).contains("jvm_memory_used_bytes", "jvm_threads_states_threads");
        assertThat(first.collect(null)).as("a closed handle collects nothing").isEmpty();

        second.close();
        assertThat(registry.isClosed()).isTrue();

        try (JvmStats.Handle fresh = JvmStats.acquire()) {
            assertThat(fresh.binding().registry()).isNotSameAs(registry);
            assertThat(fresh.binding().registry().isClosed()).isFalse();
            assertThat(Families.names(fresh.collect(null))).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void closingAHandleTwiceReleasesItOnce() {
        JvmStats.Handle first = JvmStats.acquire();
        JvmStats.Handle second = JvmStats.acquire();
        first.close();
        first.close();
        assertThat(second.binding().registry().isClosed()).isFalse();
        assertThat(Families.names(second.collect(null))).contains("jvm_memory_used_bytes");
        second.close();
        second.close();
        assertThat(second.binding().registry().isClosed()).isTrue();
    }

    @Test
    void closeableBindersAreClosedOnceWithTheLastHandle() {
        AtomicInteger closes = new AtomicInteger();
        List<Supplier<MeterBinder>> binders = Arrays.asList(
                () -> new ClosingBinder(closes),
                () -> registry -> Gauge.builder("test.plain", () -> 1.0).register(registry));
        JvmStats.Handle first = JvmStats.acquire(binders);
        assertThat(first.binding().binders()).as("no other handle was open, so these binders are used").hasSize(2);
        JvmStats.Handle second = JvmStats.acquire(binders);
        assertThat(second.binding()).isSameAs(first.binding());
        assertThat(first.binding().binders()).hasSize(2); // bound once, not per acquire

        first.close();
        assertThat(closes).hasValue(0);
        second.close();
        assertThat(closes).hasValue(1);
        second.close();
        assertThat(closes).hasValue(1);
    }

    /**
     * JvmGcMetrics's listeners are gone after the last close. The JDK hands each GC notification to
     * an emitter's listeners one after another, in the order they were added, and one notification
     * after the other. So once a listener added after the close has seen a collection, a listener
     * left over from before would have seen it too: its timer would have counted it.
     */
    @Test
    void gcListenersAreRemovedWithTheLastHandle() throws InterruptedException {
        JvmStats.Handle old = JvmStats.acquire();
        double before = Families.systemGcPauses(old);
        System.gc();
        Families.await(() -> Families.systemGcPauses(old), before + 1, "System.gc() pauses seen while bound");
        MeterRegistry oldRegistry = old.binding().registry();
        old.close();
        assertThat(oldRegistry.isClosed()).isTrue();

        try (JvmStats.Handle fresh = JvmStats.acquire()) {
            assertThat(fresh.binding().registry()).isNotSameAs(oldRegistry);
            // A first collection after the close: anything the old listener was still delivering
            // before the close has been delivered once the new listener has seen this one.
            double seen = Families.systemGcPauses(fresh);
            System.gc();
            seen = Families.await(() -> Families.systemGcPauses(fresh), seen + 1, "first System.gc() after close");
            double oldCount = systemGcPauses(oldRegistry);

            System.gc();
            Families.await(() -> Families.systemGcPauses(fresh), seen + 1, "second System.gc() after close");
            assertThat(systemGcPauses(oldRegistry))
                    .as("System.gc() pauses counted by the closed binding's GC listener")
                    .isEqualTo(oldCount);
        }
    }

    @Test
    void concurrentAcquiresAndClosesLeaveNoBindingBehind() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?>[] done = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                done[t] = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 25; i++) {
                        try (JvmStats.Handle handle = JvmStats.acquire()) {
                            assertThat(handle.binding().registry().isClosed()).isFalse();
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JvmStats.Handle probe = JvmStats.acquire(Arrays.asList(() -> registry -> { }));
        try {
            assertThat(probe.binding().binders()).as("every handle was released: the probe bound anew").hasSize(1);
        } finally {
            probe.close();
        }
    }

    private static double systemGcPauses(MeterRegistry registry) {
        return registry.find("jvm.gc.pause").tag("cause", "System.gc()").timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    private static final class ClosingBinder implements MeterBinder, AutoCloseable {
        private final AtomicInteger closes;

        ClosingBinder(AtomicInteger closes) {
            this.closes = closes;
        }

        @Override
        public void bindTo(MeterRegistry registry) {
            Gauge.builder("test.closing", () -> 1.0).register(registry);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
