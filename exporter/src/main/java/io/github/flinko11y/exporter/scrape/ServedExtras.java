package io.github.flinko11y.exporter.scrape;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.config.ExporterConfig;
import io.github.flinko11y.exporter.jvm.JvmStats;
import io.github.flinko11y.exporter.jvm.ProcessIdentity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The families a reporter serves or pushes besides Flink's, as configured: the JVM statistics
 * (bound once per JVM while any reporter uses them) and the self-metrics, both labelled with the
 * Flink process they describe.
 */
public final class ServedExtras implements AutoCloseable {

    private final List<ExtraFamilies> families;
    private final JvmStats.Handle jvm;

    private ServedExtras(List<ExtraFamilies> families, JvmStats.Handle jvm) {
        this.families = Collections.unmodifiableList(families);
        this.jvm = jvm;
    }

    public static ServedExtras of(ExporterConfig config, ExporterStats stats, ProcessIdentity identity) {
        List<ExtraFamilies> families = new ArrayList<>();
        JvmStats.Handle jvm = null;
        if (config.jvmStats()) {
            JvmStats.Handle handle = JvmStats.acquire();
            jvm = handle;
            families.add(figures -> handle.collect(identity));
        }
        if (config.selfMetrics()) {
            families.add(new SelfMetrics(stats, identity, jvm));
        }
        // Served only while flink-o11y's Loki appender runs in this JVM.
        families.add(new LogAppenderCounters(identity));
        return new ServedExtras(families, jvm);
    }

    public List<ExtraFamilies> families() {
        return families;
    }

    /** Releases this reporter's use of the JVM statistics; the last user unbinds them. */
    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}
