package io.github.flinko11y.exporter.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemoryPoolReadingsTest {

    private static final List<String> NAMES = List.of("jvm.memory.used", "jvm.memory.committed", "jvm.memory.max");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void micrometersOwnBinderKeepsOurPoolGaugesWithItsIdsAndDescriptions() {
        new MemoryPoolReadings().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        SimpleMeterRegistry micrometerAlone = new SimpleMeterRegistry();
        new JvmMemoryMetrics().bindTo(micrometerAlone);

        assertThat(poolGauges(registry)).isEqualTo(poolGauges(micrometerAlone));
        assertThat(poolGauges(registry)).hasSize(3 * java.lang.management.ManagementFactory.getMemoryPoolMXBeans().size());
        assertThat(registry.find("jvm.buffer.count").gauges()).as("buffer pools stay Micrometer's")
                .hasSameSizeAs(micrometerAlone.find("jvm.buffer.count").gauges());
    }

    @Test
    void onePoolReadServesItsThreeGaugesUntilTheNextCollect() {
        AtomicInteger edenReads = new AtomicInteger();
        AtomicInteger metaspaceReads = new AtomicInteger();
        MemoryPoolReadings readings = new MemoryPoolReadings(List.of(
                pool("Eden", MemoryType.HEAP, edenReads, () -> new MemoryUsage(0, 10 + edenReads.get(), 100, 1000)),
                pool("Metaspace", MemoryType.NON_HEAP, metaspaceReads, () -> new MemoryUsage(0, 7, 8, -1))));
        readings.bindTo(registry);
        readings.forgetSnapshot();

        assertThat(value("jvm.memory.used", "Eden")).isEqualTo(11);
        assertThat(value("jvm.memory.committed", "Eden")).isEqualTo(100);
        assertThat(value("jvm.memory.max", "Eden")).isEqualTo(1000);
        assertThat(value("jvm.memory.used", "Metaspace")).isEqualTo(7);
        assertThat(value("jvm.memory.max", "Metaspace")).isEqualTo(-1);
        assertThat(edenReads).as("one read for the collect").hasValue(1);
        assertThat(metaspaceReads).hasValue(1);

        readings.forgetSnapshot();
        assertThat(value("jvm.memory.used", "Eden")).as("the next collect reads afresh").isEqualTo(12);
        assertThat(edenReads).hasValue(2);
        assertThat(registry.get("jvm.memory.used").tag("id", "Metaspace").gauge().getId().getTag("area"))
                .isEqualTo("nonheap");
    }

    @Test
    void aPoolThatThrowsReadsNaNAndTheOthersStillRead() {
        MemoryPoolReadings readings = new MemoryPoolReadings(List.of(
                pool("Gone", MemoryType.HEAP, new AtomicInteger(), () -> {
                    throw new InternalError("pool shut down");
                }),
                pool("Old", MemoryType.HEAP, new AtomicInteger(), () -> new MemoryUsage(0, 5, 6, 9))));
        readings.bindTo(registry);
        readings.forgetSnapshot();

        assertThat(value("jvm.memory.used", "Gone")).isNaN();
        assertThat(value("jvm.memory.used", "Old")).isEqualTo(5);
    }

    private double value(String name, String pool) {
        return registry.get(name).tag("id", pool).gauge().value();
    }

    /** Name, tags, description and unit of every pool gauge. */
    private static Set<String> poolGauges(SimpleMeterRegistry registry) {
        return registry.getMeters().stream()
                .filter(meter -> meter instanceof Gauge && NAMES.contains(meter.getId().getName()))
                .map(Meter::getId)
                .map(id -> id.getName() + id.getTags() + " " + id.getDescription() + " [" + id.getBaseUnit() + "]")
                .collect(Collectors.toSet());
    }

    private static MemoryPoolMXBean pool(String name, MemoryType type, AtomicInteger reads, Supplier<MemoryUsage> usage) {
        return (MemoryPoolMXBean) Proxy.newProxyInstance(MemoryPoolReadingsTest.class.getClassLoader(),
                new Class<?>[] {MemoryPoolMXBean.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getName":
                            return name;
                        case "getType":
                            return type;
                        case "getUsage":
                            reads.incrementAndGet();
                            return usage.get();
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
