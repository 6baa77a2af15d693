package io.github.flinko11y.exporter.jvm;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Deep JVM statistics (GC pauses, memory pools, threads, CPU, ...) from Micrometer's binders, bound
 * once per JVM and shared by every reporter in it.
 *
 * <p>A MiniCluster runs the JobManager and TaskManagers in one JVM, and a user may configure two
 * reporters in one process; binding per reporter would register the GC listeners twice and export
 * the same JVM twice. So each reporter {@link #acquire()}s a handle: the first acquire binds, the
 * close of the last handle unbinds (GC listeners removed, registry closed), and a later acquire binds
 * afresh.
 *
 * <pre>{@code
 * JvmStats.Handle jvm = JvmStats.acquire();                  // reporter start
 * ProcessIdentity identity = new ProcessIdentity(filterLabelValueCharacters);
 * identity.observe(group);                                   // each added metric
 * List<MetricFamilySamples> families = jvm.collect(identity); // each scrape
 * jvm.close();                                               // reporter close
 * }</pre>
 */
public final class JvmStats {

    private static final Object LOCK = new Object();
    private static JvmBinding binding; // guarded by LOCK
    private static int references; // guarded by LOCK

    private JvmStats() {}

    /** A handle on this JVM's statistics; binds them if no other handle is open. Thread-safe. */
    public static Handle acquire() {
        return acquire(JvmBinding.defaultBinders());
    }

    /** With other binders (tests); they are used only when this acquire is the one that binds. */
    static Handle acquire(List<Supplier<MeterBinder>> binders) {
        synchronized (LOCK) {
            if (binding == null) {
                binding = JvmBinding.bind(binders);
            }
            references++;
            return new Handle(binding);
        }
    }

    private static void release(JvmBinding released) {
        synchronized (LOCK) {
            if (released != binding) {
                return; // cannot happen: a binding is replaced only after its last handle closed
            }
            if (--references == 0) {
                binding = null;
                released.close();
            }
        }
    }

    /** One reporter's share of the JVM statistics. */
    public static final class Handle implements AutoCloseable {

        private final JvmBinding binding;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final LongAdder collectErrors = new LongAdder();

        private Handle(JvmBinding binding) {
            this.binding = binding;
        }

        /**
         * The JVM statistics as simpleclient families, sorted by name, every sample with {@code
         * identity}'s labels (none when {@code identity} is null). Never throws: a family whose
         * meters throw is left out and counted in {@link #collectErrors()}. Empty once this handle is
         * closed. The families are the caller's to keep or change.
         */
        public List<MetricFamilySamples> collect(ProcessIdentity identity) {
            if (closed.get()) {
                return Collections.emptyList();
            }
            try {
                List<MetricFamilySamples> families = binding.collect(collectErrors);
                return identity == null ? families : identity.labels().appendTo(families);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                collectErrors.increment();
                return Collections.emptyList();
            }
        }

        /** Families left out of this handle's collects because a meter or collector threw. */
        public long collectErrors() {
            return collectErrors.sum();
        }

        /** Releases this handle; the last one to close unbinds. A second close does nothing. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(binding);
            }
        }

        JvmBinding binding() {
            return binding;
        }
    }
}
