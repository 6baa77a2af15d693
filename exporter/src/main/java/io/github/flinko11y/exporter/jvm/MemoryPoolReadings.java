package io.github.flinko11y.exporter.jvm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code jvm.memory.used}, {@code jvm.memory.committed} and {@code jvm.memory.max}, the pool gauges
 * of Micrometer's {@code JvmMemoryMetrics} (same names, tags, descriptions and unit), from one
 * {@link MemoryPoolMXBean#getUsage()} per pool and collect instead of one per gauge.
 *
 * <p>Each {@code getUsage()} is a call into the VM; Micrometer makes three per pool and scrape. Bound
 * before {@code JvmMemoryMetrics}, whose registrations of the same ids then return these gauges; its
 * buffer-pool gauges are still its own. A pool whose {@code getUsage()} throws {@link InternalError}
 * (as some do while the VM shuts a pool down) reads NaN, as in Micrometer.
 */
final class MemoryPoolReadings implements MeterBinder, PerCollectSnapshot {

    private final List<MemoryPoolMXBean> pools;
    /** One usage per pool, null for a pool that threw; the array is null until read in the current collect. */
    private volatile MemoryUsage[] usages;

    MemoryPoolReadings() {
        this(ManagementFactory.getMemoryPoolMXBeans());
    }

    MemoryPoolReadings(List<MemoryPoolMXBean> pools) {
        this.pools = List.copyOf(pools);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int i = 0; i < pools.size(); i++) {
            MemoryPoolMXBean pool = pools.get(i);
            Tags tags = Tags.of("id", pool.getName(), "area", pool.getType() == MemoryType.HEAP ? "heap" : "nonheap");
            register(registry, "jvm.memory.used", "The amount of used memory", tags, i, MemoryUsage::getUsed);
            register(registry, "jvm.memory.committed",
                    "The amount of memory in bytes that is committed for the Java virtual machine to use",
                    tags, i, MemoryUsage::getCommitted);
            register(registry, "jvm.memory.max",
                    "The maximum amount of memory in bytes that can be used for memory management",
                    tags, i, MemoryUsage::getMax);
        }
    }

    private void register(MeterRegistry registry, String name, String description, Tags tags, int pool,
            ToLongFunction<MemoryUsage> value) {
        Gauge.builder(name, this, readings -> readings.value(pool, value))
                .tags(tags)
                .description(description)
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
    }

    @Override
    public void forgetSnapshot() {
        usages = null;
    }

    private double value(int pool, ToLongFunction<MemoryUsage> value) {
        MemoryUsage[] current = usages;
        if (current == null) {
            current = snapshot();
            usages = current;
        }
        MemoryUsage usage = current[pool];
        return usage == null ? Double.NaN : value.applyAsLong(usage);
    }

    private MemoryUsage[] snapshot() {
        MemoryUsage[] read = new MemoryUsage[pools.size()];
        for (int i = 0; i < read.length; i++) {
            try {
                read[i] = pools.get(i).getUsage();
            } catch (InternalError e) {
                read[i] = null; // the pool is being shut down; Micrometer reads NaN too
            }
        }
        return read;
    }
}
