package io.github.flinko11y.exporter.jvm;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Micrometer registry with the JVM binders bound to it. {@link JvmStats} keeps one per JVM.
 *
 * <p>Micrometer's simpleclient registry makes one simpleclient {@link Collector} per meter name;
 * the collectors are tracked here so each is collected on its own and one that throws costs only
 * its own families.
 */
// The simpleclient flavour of Micrometer's Prometheus registry is deprecated in favour of the
// Prometheus 1.x client; simpleclient's model is this exporter's model, so it is the one we want.
@SuppressWarnings("deprecation")
final class JvmBinding implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JvmBinding.class);

    /** The scrape appends these families to Flink's; a family of Flink's name would be a duplicate. */
    private static final String FLINK_PREFIX = "flink_";

    private final TrackingCollectorRegistry collectors;
    private final PrometheusMeterRegistry registry;
    private final List<MeterBinder> binders;
    /** Binders whose snapshot of the JVM is taken once per collect. */
    private final List<PerCollectSnapshot> perCollect;
    /** The first failing collect is logged as a warning, later ones at debug: scrapes repeat. */
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    private JvmBinding(TrackingCollectorRegistry collectors, PrometheusMeterRegistry registry, List<MeterBinder> binders) {
        this.collectors = collectors;
        this.registry = registry;
        this.binders = binders;
        List<PerCollectSnapshot> snapshots = new ArrayList<>(2);
        for (MeterBinder binder : binders) {
            if (binder instanceof PerCollectSnapshot) {
                snapshots.add((PerCollectSnapshot) binder);
            }
        }
        this.perCollect = snapshots;
    }

    /**
     * The binders of the deep JVM statistics, in the order they are bound. {@link
     * MemoryPoolReadings}, {@link ThreadStateCounts} and {@link CpuLoadReadings} come before {@code
     * JvmMemoryMetrics}, {@code JvmThreadMetrics} and {@code ProcessorMetrics}: the first
     * registration of a meter id is the one kept.
     */
    static List<Supplier<MeterBinder>> defaultBinders() {
        return Arrays.asList(
                JvmGcMetrics::new,
                MemoryPoolReadings::new,
                JvmMemoryMetrics::new,
                ThreadStateCounts::new,
                JvmThreadMetrics::new,
                ClassLoaderMetrics::new,
                CpuLoadReadings::new,
                ProcessorMetrics::new,
                FileDescriptorMetrics::new,
                JvmInfoMetrics::new,
                JvmCompilationMetrics::new,
                UptimeMetrics::new,
                JvmHeapPressureMetrics::new);
    }

    /**
     * Creates the registry and binds each binder. A binder that cannot be created or bound is
     * logged and left out; the others still export.
     */
    static JvmBinding bind(List<Supplier<MeterBinder>> binderFactories) {
        TrackingCollectorRegistry collectors = new TrackingCollectorRegistry();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, collectors, Clock.SYSTEM);
        List<MeterBinder> binders = new ArrayList<>(binderFactories.size());
        for (Supplier<MeterBinder> factory : binderFactories) {
            MeterBinder binder = null;
            try {
                binder = factory.get();
                binder.bindTo(registry);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                LOG.warn("JVM statistics: could not bind {}; its metrics are not exported, the others are.",
                        binder == null ? "a binder" : binder.getClass().getSimpleName(), t);
            }
            if (binder != null) {
                binders.add(binder); // closed on release even if binding failed half-way
            }
        }
        return new JvmBinding(collectors, registry, Collections.unmodifiableList(binders));
    }

    /**
     * Every family, sorted by name, samples sorted by label values then name. A collector that
     * throws is counted in {@code errors} and its families are left out; nothing is thrown.
     */
    List<MetricFamilySamples> collect(LongAdder errors) {
        for (PerCollectSnapshot snapshot : perCollect) {
            snapshot.forgetSnapshot();
        }
        List<MetricFamilySamples> families = new ArrayList<>();
        for (Collector collector : collectors.tracked()) {
            try {
                for (MetricFamilySamples family : collector.collect()) {
                    if (!family.name.startsWith(FLINK_PREFIX)) {
                        families.add(sorted(family));
                    }
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                errors.increment();
                if (failureLogged.compareAndSet(false, true)) {
                    LOG.warn("JVM statistics: a Micrometer meter failed; its family is left out of the scrape"
                            + " (further failures are logged at debug level).", t);
                } else {
                    LOG.debug("JVM statistics: a Micrometer meter failed; its family is left out of the scrape.", t);
                }
            }
        }
        families.sort(Comparator.comparing(family -> family.name));
        return families;
    }

    private static MetricFamilySamples sorted(MetricFamilySamples family) {
        List<Sample> samples = new ArrayList<>(family.samples);
        samples.sort(SAMPLE_ORDER);
        return new MetricFamilySamples(family.name, family.unit, family.type, family.help, samples);
    }

    private static final Comparator<Sample> SAMPLE_ORDER = (a, b) -> {
        int n = Math.min(a.labelValues.size(), b.labelValues.size());
        for (int i = 0; i < n; i++) {
            int c = a.labelValues.get(i).compareTo(b.labelValues.get(i));
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(a.labelValues.size(), b.labelValues.size());
        return c != 0 ? c : a.name.compareTo(b.name);
    };

    PrometheusMeterRegistry registry() {
        return registry;
    }

    List<MeterBinder> binders() {
        return binders;
    }

    /** Closes every closeable binder (JvmGcMetrics removes its GC listeners), then the registry. */
    @Override
    public void close() {
        for (MeterBinder binder : binders) {
            if (binder instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) binder).close();
                } catch (Exception e) {
                    LOG.warn("JVM statistics: could not close {}.", binder.getClass().getSimpleName(), e);
                }
            }
        }
        try {
            registry.close();
        } catch (RuntimeException e) {
            LOG.warn("JVM statistics: could not close the Micrometer registry.", e);
        }
    }

    /**
     * Remembers the collectors Micrometer registers, which {@link CollectorRegistry} does not list,
     * so that they can be collected one by one.
     */
    static final class TrackingCollectorRegistry extends CollectorRegistry {

        private final Set<Collector> tracked = ConcurrentHashMap.newKeySet();

        @Override
        public void register(Collector collector) {
            super.register(collector);
            tracked.add(collector);
        }

        @Override
        public void unregister(Collector collector) {
            tracked.remove(collector);
            super.unregister(collector);
        }

        @Override
        public void clear() {
            tracked.clear();
            super.clear();
        }

        Set<Collector> tracked() {
            return tracked;
        }
    }
}
