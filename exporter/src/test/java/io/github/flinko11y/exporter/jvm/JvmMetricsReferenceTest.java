package io.github.flinko11y.exporter.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import io.github.flinko11y.exporter.testing.GeneratedDocument;
import org.junit.jupiter.api.Test;

/**
 * docs/jvm-metrics.md is rendered from {@link #FAMILIES}, and {@link #FAMILIES} is checked against
 * a live collect: every family this JVM exports must be listed with its type and label keys, and
 * every family listed without a condition must be exported. The document itself never depends on
 * the JVM that builds it (pool names, collectors and JDK-specific families differ; label values are
 * not listed). Locally the build rewrites the file; in CI (CI=true) it must already be up to date.
 */
public class JvmMetricsReferenceTest {


    private static final String GC = "JvmGcMetrics";
    private static final String MEMORY = "JvmMemoryMetrics";
    private static final String THREADS = "JvmThreadMetrics";
    private static final String CLASSES = "ClassLoaderMetrics";
    private static final String PROCESSOR = "ProcessorMetrics";
    private static final String FILES = "FileDescriptorMetrics";
    private static final String UPTIME = "UptimeMetrics";
    private static final String PRESSURE = "JvmHeapPressureMetrics";

    private static final String AFTER_FIRST_PAUSE = "After the first stop-the-world collection.";
    private static final String CONCURRENT =
            "Collectors that report concurrent phases (e.g. ZGC, Shenandoah), after the first such phase.";
    private static final String OS_BEAN = "When the JVM's OperatingSystemMXBean provides it (HotSpot, OpenJ9).";
    private static final String UNIX = "Unix-like systems (Linux, macOS).";

    /** One exported family as documented. {@code name} as on the exposition's TYPE line. */
    static final class Documented {
        final String name;
        final String type;
        final List<String> labels;
        final String binder;
        final String meaning;
        final String condition;

        Documented(String name, String type, List<String> labels, String binder, String meaning, String condition) {
            this.name = name;
            this.type = type;
            this.labels = labels;
            this.binder = binder;
            this.meaning = meaning;
            this.condition = condition;
        }
    }

    private static Documented always(String name, String type, String labels, String binder, String meaning) {
        return new Documented(name, type, labels(labels), binder, meaning, null);
    }

    private static Documented when(
            String condition, String name, String type, String labels, String binder, String meaning) {
        return new Documented(name, type, labels(labels), binder, meaning, condition);
    }

    private static List<String> labels(String labels) {
        return labels.isEmpty() ? Collections.emptyList() : Arrays.asList(labels.split(","));
    }

    static final List<Documented> FAMILIES = Arrays.asList(
            always("jvm_buffer_count_buffers", "gauge", "id", MEMORY,
                    "Buffers in the buffer pool (`id`: `direct`, `mapped`, ...)."),
            always("jvm_buffer_memory_used_bytes", "gauge", "id", MEMORY,
                    "Memory the JVM uses for the pool's buffers (direct memory for `direct`)."),
            always("jvm_buffer_total_capacity_bytes", "gauge", "id", MEMORY,
                    "Total capacity of the pool's buffers."),
            always("jvm_classes_loaded_classes", "gauge", "", CLASSES,
                    "Classes currently loaded."),
            always("jvm_classes_loaded_count_classes_total", "counter", "", CLASSES,
                    "Classes loaded since the JVM started."),
            always("jvm_classes_unloaded_classes_total", "counter", "", CLASSES,
                    "Classes unloaded since the JVM started."),
            when("When the JVM supports compilation time monitoring (HotSpot does).",
                    "jvm_compilation_time_ms_total", "counter", "compiler", "JvmCompilationMetrics",
                    "Approximate time the JIT compiler spent compiling, in milliseconds."),
            when(CONCURRENT, "jvm_gc_concurrent_phase_time_seconds", "summary", "action,cause,gc", GC,
                    "Time in concurrent GC phases: `_count` phases, `_sum` seconds."),
            when(CONCURRENT, "jvm_gc_concurrent_phase_time_seconds_max", "gauge", "action,cause,gc", GC,
                    "Longest recent concurrent phase, in seconds (a maximum over a rolling window of a few minutes)."),
            when("JDKs whose MemoryMXBean has getTotalGcCpuTime() (not JDK 17 or 25).",
                    "jvm_gc_cpu_time_ns_total", "counter", "", GC,
                    "CPU time spent in garbage collection, in nanoseconds."),
            always("jvm_gc_live_data_size_bytes", "gauge", "", GC,
                    "Size of the long-lived heap pool after the last collection that reclaimed it."),
            always("jvm_gc_max_data_size_bytes", "gauge", "", GC,
                    "Maximum size of the long-lived heap pool."),
            always("jvm_gc_memory_allocated_bytes_total", "counter", "", GC,
                    "Allocation: growth of the young heap pool from after one collection to before the next."),
            when("Collectors with a separate old generation (not non-generational ZGC or Shenandoah).",
                    "jvm_gc_memory_promoted_bytes_total", "counter", "", GC,
                    "Promotion: growth of the old generation pool across collections."),
            always("jvm_gc_overhead", "gauge", "", PRESSURE,
                    "Share of CPU time spent in GC over the last five minutes (or since start), 0 to 1."),
            when(AFTER_FIRST_PAUSE, "jvm_gc_pause_seconds", "summary", "action,cause,gc", GC,
                    "Stop-the-world GC pauses: `_count` pauses, `_sum` seconds paused, by collector, action and cause."),
            when(AFTER_FIRST_PAUSE, "jvm_gc_pause_seconds_max", "gauge", "action,cause,gc", GC,
                    "Longest recent pause, in seconds (a maximum over a rolling window of a few minutes)."),
            always("jvm_info", "gauge", "runtime,vendor,version", "JvmInfoMetrics",
                    "Always 1; the labels name the Java runtime, its vendor and version."),
            always("jvm_memory_committed_bytes", "gauge", "area,id", MEMORY,
                    "Memory committed for the pool (`area`: `heap` or `nonheap`; `id`: the pool, e.g. `Metaspace`)."),
            always("jvm_memory_max_bytes", "gauge", "area,id", MEMORY,
                    "Maximum memory of the pool; -1 when it has none."),
            when("When the heap has a long-lived pool (it has with every collector tried on JDK 17 and 25).",
                    "jvm_memory_usage_after_gc", "gauge", "area,pool", PRESSURE,
                    "Share of the long-lived heap pool in use after the last collection, 0 to 1."),
            always("jvm_memory_used_bytes", "gauge", "area,id", MEMORY,
                    "Memory used in the pool."),
            always("jvm_threads_daemon_threads", "gauge", "", THREADS,
                    "Live daemon threads."),
            always("jvm_threads_live_threads", "gauge", "", THREADS,
                    "Live threads, daemon or not."),
            always("jvm_threads_peak_threads", "gauge", "", THREADS,
                    "Most live threads at once since the JVM started."),
            always("jvm_threads_started_threads_total", "counter", "", THREADS,
                    "Threads started since the JVM started."),
            always("jvm_threads_states_threads", "gauge", "state", THREADS,
                    "Threads per state: `new`, `runnable`, `blocked`, `waiting`, `timed-waiting`, `terminated`"
                            + " (all six from one thread snapshot per scrape)."),
            when(OS_BEAN, "process_cpu_time_ns_total", "counter", "", PROCESSOR,
                    "CPU time used by the JVM process, in nanoseconds."),
            when(OS_BEAN, "process_cpu_usage", "gauge", "", PROCESSOR,
                    "Recent CPU usage of the JVM process, 0 to 1 of the processors available to the JVM (in a"
                            + " container, its CPU limit): the process's CPU time since the previous reading over the"
                            + " time elapsed; read at most once a second, so at most 1 s old."),
            when(UNIX, "process_files_max_files", "gauge", "", FILES,
                    "Maximum number of open file descriptors."),
            when(UNIX, "process_files_open_files", "gauge", "", FILES,
                    "Open file descriptors."),
            always("process_start_time_seconds", "gauge", "", UPTIME,
                    "Start time of the JVM, in seconds since the Unix epoch."),
            always("process_uptime_seconds", "gauge", "", UPTIME,
                    "Time since the JVM started, in seconds."),
            always("system_cpu_count", "gauge", "", PROCESSOR,
                    "Processors available to the JVM."),
            when(OS_BEAN, "system_cpu_usage", "gauge", "", PROCESSOR,
                    "Recent CPU usage of the system the JVM runs in, 0 to 1, computed as the JDK does: in a"
                            + " container with a CPU quota or shares, its use of them; else the host's CPUs (or its"
                            + " cpuset's). Over the time since the previous reading, taken at most once a second, so"
                            + " at most 1 s old."),
            when("When the operating system reports a load average (not on Windows).",
                    "system_load_average_1m", "gauge", "", PROCESSOR,
                    "Runnable and running entities queued on the processors, averaged over one minute."));

    /** The document, as {@code ReferenceDocs} writes it in the build and this test compares it. */
    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# JVM statistics\n\n")
                .append("<!-- The table is generated from JvmMetricsReferenceTest, which checks it against a live")
                .append(" collect; do not edit by hand. -->\n\n")
                .append("Next to Flink's own metrics (all named `flink_...`), the exporter serves deep statistics of")
                .append(" the JVM it runs in, from [Micrometer](https://micrometer.io)'s JVM binders: GC pauses")
                .append(" by collector and cause, allocation and promotion, every memory and buffer pool, threads by")
                .append(" state, class loading, JIT compilation, CPU and file descriptors. Flink's")
                .append(" `Status.JVM` metrics stay as they are; these add what they lack (pause summaries, pool")
                .append(" by pool, thread states).\n\n")
                .append("The statistics are bound once per JVM, whatever the number of reporters in it: a")
                .append(" MiniCluster (JobManager and TaskManagers in one JVM) or a pull and a push reporter in one")
                .append(" process share one binding, which is released when the last reporter closes.\n\n")
                .append("## Families\n\n")
                .append("Names follow Micrometer's Prometheus naming (base unit, then `_total` for counters). A")
                .append(" summary has `_count` and `_sum` samples; `_max` families hold the largest recent value.")
                .append(" Label keys are listed, not values: pool and collector names depend on the JVM and the")
                .append(" garbage collector (e.g. `id=\"G1 Eden Space\"`, `gc=\"G1 Young Generation\"`). Every")
                .append(" sample also carries the [process identity labels](#process-identity-labels). Families")
                .append(" come out sorted by name.\n\n")
                .append("| Family | Type | Labels | Meaning | Binder | Exported |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Documented family : FAMILIES) {
            out.append("| `").append(family.name).append("` | ")
                    .append(family.type).append(" | ")
                    .append(family.labels.isEmpty() ? "" : "`" + String.join("`, `", family.labels) + "`").append(" | ")
                    .append(family.meaning).append(" | ")
                    .append('`').append(family.binder).append("` | ")
                    .append(family.condition == null ? "Always." : family.condition).append(" |\n");
        }
        out.append("\n## Process identity labels\n\n")
                .append("Prometheus's `instance` tells which endpoint was scraped, not which Flink process it is.")
                .append(" The exporter learns that from the metric groups Flink registers with it and adds these")
                .append(" labels to every JVM sample:\n\n")
                .append("| Label | Value | Derived from |\n")
                .append("|---|---|---|\n")
                .append("| `component` | `jobmanager`, `taskmanager`, or `jobmanager,taskmanager` when one JVM runs")
                .append(" both (MiniCluster, local mode) | A group with a `<tm_id>` variable, or whose logical scope")
                .append(" starts with `taskmanager`, is a TaskManager's; one whose logical scope starts with")
                .append(" `jobmanager` is the JobManager's. |\n")
                .append("| `host` | Flink's `<host>` | The TaskManager's `<host>`, else the JobManager's. |\n")
                .append("| `tm_id` | Flink's `<tm_id>` | Only while exactly one TaskManager was seen in the JVM, so")
                .append(" that it names the process; with several (a MiniCluster) it is left out. |\n\n")
                .append("`host` and `tm_id` are written exactly as on Flink's series: with")
                .append(" `filterLabelValueCharacters: true` (the default) every character outside")
                .append(" `[a-zA-Z0-9:_]` becomes `_`, with `false` they are kept as they are. So JVM statistics")
                .append(" join Flink's TaskManager metrics on `tm_id`, for example\n\n")
                .append("```promql\n")
                .append("sum by (tm_id) (jvm_memory_used_bytes{component=\"taskmanager\", area=\"heap\"})\n")
                .append("  / on (tm_id) flink_taskmanager_Status_JVM_Memory_Heap_Max\n")
                .append("```\n\n")
                .append("Until the reporter has seen a JobManager or TaskManager group (the first moments after")
                .append(" start) the samples carry no identity labels. What was seen is kept: a TaskManager that")
                .append(" leaves a MiniCluster still counts. Should a Micrometer tag ever have one of these")
                .append(" names, the sample keeps Micrometer's value and goes without ours.\n\n")
                .append("## Failures\n\n")
                .append("A binder that cannot bind is logged and left out; the others still export. A family whose")
                .append(" meters throw while a scrape collects them is left out of that scrape and counted; the")
                .append(" scrape itself never fails because of the JVM statistics.\n\n")
                .append("## Turning it off\n\n")
                .append("The statistics are on by default. To serve only Flink's metrics, set in Flink's")
                .append(" configuration\n\n")
                .append("```yaml\n")
                .append("metrics.reporter.prom.jvmStats.enabled: false\n")
                .append("```\n\n")
                .append("(`prom` being the reporter's name). The reporter then does not bind the JVM statistics at")
                .append(" all: no GC listener, no Micrometer registry.\n");
        return out.toString();
    }

    @Test
    void referenceDocumentIsUpToDate() throws IOException {
        GeneratedDocument.check("jvm-metrics.md", render());
    }

    @Test
    void documentedFamiliesAreSortedAndUnique() {
        List<String> names = new ArrayList<>();
        FAMILIES.forEach(f -> names.add(f.name));
        assertThat(names).isSorted().doesNotHaveDuplicates();
        assertThat(FAMILIES).allSatisfy(f -> assertThat(f.type).isIn("counter", "gauge", "summary"));
    }

    @Test
    void everyLiveFamilyIsDocumentedWithItsTypeAndLabels() throws InterruptedException {
        Map<String, Documented> documented = new TreeMap<>();
        FAMILIES.forEach(f -> documented.put(f.name, f));
        try (JvmStats.Handle jvm = JvmStats.acquire()) {
            double before = Families.systemGcPauses(jvm);
            System.gc(); // so that the pause summary, registered on the first pause, is there
            Families.await(() -> Families.systemGcPauses(jvm), before + 1, "System.gc() pauses");

            Set<String> live = new LinkedHashSet<>();
            for (MetricFamilySamples family : jvm.collect(null)) {
                String name = family.type == Collector.Type.COUNTER ? family.name + "_total" : family.name;
                live.add(name);
                Documented doc = documented.get(name);
                assertThat(doc).as("%s is exported but not documented in FAMILIES", name).isNotNull();
                assertThat(family.type.name().toLowerCase(Locale.ROOT)).as("type of %s", name).isEqualTo(doc.type);
                assertThat(family.samples).as(name).isNotEmpty();
                for (Sample sample : family.samples) {
                    assertThat(sample.labelNames).as("label keys of %s", sample.name).isEqualTo(doc.labels);
                }
            }
            for (Documented doc : FAMILIES) {
                if (doc.condition == null) {
                    assertThat(live).as("%s is documented as always exported", doc.name).contains(doc.name);
                }
            }
        }
    }
}
