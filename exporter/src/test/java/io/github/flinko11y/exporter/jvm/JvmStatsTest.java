package io.github.flinko11y.exporter.jvm;

import static io.github.flinko11y.exporter.jvm.Families.family;
import static io.github.flinko11y.exporter.jvm.Families.label;
import static io.github.flinko11y.exporter.jvm.Families.samples;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.testsupport.Promtool;
import io.github.flinko11y.exporter.testing.TestMetricGroup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What the bound Micrometer binders export, with the process identity labels. */
class JvmStatsTest {

    private static final TestMetricGroup TASK_MANAGER =
            new TestMetricGroup("taskmanager", "<host>", "tm-host", "<tm_id>", "tm-host:6122-abc123");
    private static final TestMetricGroup JOB_MANAGER = new TestMetricGroup("jobmanager", "<host>", "jm-host");

    @Test
    void memoryPoolsOfHeapAndNonHeapHaveTheirUsage() {
        try (JvmStats.Handle jvm = JvmStats.acquire()) {
            List<Sample> used = family(jvm.collect(null), "jvm_memory_used_bytes").samples;
            Set<String> areas = new HashSet<>();
            double heap = 0;
            double nonHeap = 0;
            for (Sample sample : used) {
                assertThat(sample.labelNames).containsExactly("area", "id");
                assertThat(sample.value).as("%s", sample).isGreaterThanOrEqualTo(0);
                areas.add(label(sample, "area"));
                if ("heap".equals(label(sample, "area"))) {
                    heap += sample.value;
                } else {
                    nonHeap += sample.value;
                }
            }
            assertThat(areas).containsExactlyInAnyOrder("heap", "nonheap");
            assertThat(heap).isPositive();
            assertThat(nonHeap).isPositive();
            // Metaspace holds at least the classes of this test.
            assertThat(used).anySatisfy(s -> {
                assertThat(label(s, "id")).isEqualTo("Metaspace");
                assertThat(s.value).isPositive();
            });
            assertThat(family(jvm.collect(null), "jvm_memory_max_bytes").samples).hasSameSizeAs(used);
            assertThat(family(jvm.collect(null), "jvm_buffer_memory_used_bytes").samples)
                    .anySatisfy(s -> assertThat(label(s, "id")).isEqualTo("direct"));
        }
    }

    @Test
    void threadsClassesCpuAndJvmInfoAreExported() {
        try (JvmStats.Handle jvm = JvmStats.acquire()) {
            List<MetricFamilySamples> families = jvm.collect(null);
            assertThat(family(families, "jvm_threads_states_threads").samples)
                    .as("one sample per state: ours, not Micrometer's as well")
                    .extracting(s -> label(s, "state"))
                    .containsExactlyInAnyOrder("new", "runnable", "blocked", "waiting", "timed-waiting", "terminated");
            double runnable = family(families, "jvm_threads_states_threads").samples.stream()
                    .filter(s -> "runnable".equals(label(s, "state")))
                    .mapToDouble(s -> s.value)
                    .sum();
            assertThat(runnable).as("this thread is runnable").isGreaterThanOrEqualTo(1);
            assertThat(single(families, "jvm_threads_live_threads")).isGreaterThanOrEqualTo(runnable);
            assertThat(single(families, "jvm_classes_loaded_classes")).isGreaterThan(100);
            assertThat(single(families, "process_cpu_usage")).isBetween(0.0, 1.0);
            assertThat(single(families, "system_cpu_count"))
                    .isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(single(families, "process_files_open_files")).isPositive();
            assertThat(single(families, "process_uptime_seconds")).isPositive();
            Sample info = family(families, "jvm_info").samples.get(0);
            assertThat(info.value).isEqualTo(1.0);
            assertThat(label(info, "version")).isEqualTo(System.getProperty("java.runtime.version"));
            assertThat(family(families, "jvm_gc_memory_allocated_bytes").type).isEqualTo(Collector.Type.COUNTER);
        }
    }

    @Test
    void gcPauseCountGrowsAfterSystemGc() throws InterruptedException {
        try (JvmStats.Handle jvm = JvmStats.acquire()) {
            double before = Families.systemGcPauses(jvm);
            System.gc();
            double after = Families.await(() -> Families.systemGcPauses(jvm), before + 1, "System.gc() pauses");
            assertThat(after).isGreaterThanOrEqualTo(before + 1);

            List<MetricFamilySamples> families = jvm.collect(null);
            MetricFamilySamples pause = family(families, "jvm_gc_pause_seconds");
            assertThat(pause.type).isEqualTo(Collector.Type.SUMMARY);
            Sample count = samples(families, "jvm_gc_pause_seconds_count").stream()
                    .filter(s -> "System.gc()".equals(label(s, "cause")))
                    .findFirst()
                    .orElseThrow();
            assertThat(count.labelNames).containsExactly("action", "cause", "gc");
            assertThat(samples(families, "jvm_gc_pause_seconds_sum")).hasSameSizeAs(
                    samples(families, "jvm_gc_pause_seconds_count"));
            assertThat(family(families, "jvm_gc_pause_seconds_max").type).isEqualTo(Collector.Type.GAUGE);
        }
    }

    @Test
    void familiesAreSortedUniqueAndNeverFlinks() {
        try (JvmStats.Handle jvm = JvmStats.acquire()) {
            List<String> names = Families.names(jvm.collect(null));
            assertThat(names).hasSizeGreaterThan(20).isSorted().doesNotHaveDuplicates();
            assertThat(names).allSatisfy(name -> assertThat(name).doesNotStartWith("flink_"));
            assertThat(names).allSatisfy(name -> assertThat(name).matches("(jvm|process|system)_[a-z0-9_]+"));
        }
    }

    @Test
    void identityLabelsAreOnEverySampleOnceObservedAndAbsentBefore() {
        try (JvmStats.Handle jvm = JvmStats.acquire()) {
            ProcessIdentity identity = new ProcessIdentity(true);
            for (MetricFamilySamples family : jvm.collect(identity)) {
                for (Sample sample : family.samples) {
                    assertThat(sample.labelNames).doesNotContain("component", "host", "tm_id");
                }
            }

            identity.observe(TASK_MANAGER);
            identity.observe(JOB_MANAGER);
            List<MetricFamilySamples> families = jvm.collect(identity);
            int checked = 0;
            for (MetricFamilySamples family : families) {
                for (Sample sample : family.samples) {
                    assertThat(label(sample, "component")).as("%s", sample).isEqualTo("jobmanager,taskmanager");
                    assertThat(label(sample, "host")).as("%s", sample).isEqualTo("tm_host");
                    assertThat(label(sample, "tm_id")).as("%s", sample).isEqualTo("tm_host:6122_abc123");
                    assertThat(sample.labelNames).doesNotHaveDuplicates();
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(40);
            // Labels follow Micrometer's own tags.
            Sample used = family(families, "jvm_memory_used_bytes").samples.get(0);
            assertThat(used.labelNames).containsExactly("area", "id", "component", "host", "tm_id");
        }
    }

    @Test
    void collectedTextParsesWithPromtool() throws InterruptedException {
        try (JvmStats.Handle jvm = JvmStats.acquire()) {
            double before = Families.systemGcPauses(jvm);
            System.gc(); // so that the GC pause summary is part of the text
            Families.await(() -> Families.systemGcPauses(jvm), before + 1, "System.gc() pauses");
            ProcessIdentity identity = new ProcessIdentity(false); // raw values: quotes, backslashes
            identity.observe(new TestMetricGroup("taskmanager", "<host>", "h\"1\\x", "<tm_id>", "tm 1\nnext"));
            String text = Families.text(jvm.collect(identity));
            assertThat(text).contains("jvm_gc_pause_seconds_count{action=")
                    .contains("component=\"taskmanager\",host=\"h\\\"1\\\\x\",tm_id=\"tm 1\\nnext\"");

            Promtool.Result promtool = Promtool.checkMetrics(text);
            System.out.println("promtool check metrics on the JVM statistics: " + promtool);
            assertThat(promtool.parsed()).as("%s", promtool).isTrue();
        }
    }

    @Test
    void aThrowingMeterCostsOnlyItsFamily() {
        Object broken = new Object();
        Object healthy = new Object();
        List<Supplier<MeterBinder>> binders = Arrays.asList(
                () -> registry -> FunctionCounter.builder("test.broken", broken, o -> {
                    throw new IllegalStateException("broken on purpose");
                }).register(registry),
                () -> registry -> Gauge.builder("test.broken.gauge", healthy, o -> {
                    throw new IllegalStateException("broken on purpose");
                }).register(registry),
                () -> registry -> Gauge.builder("test.healthy", healthy, o -> 42.0).register(registry));
        try (JvmStats.Handle jvm = JvmStats.acquire(binders)) {
            assertThat(jvm.binding().binders()).as("no other handle was open, so these binders are used").hasSize(3);
            List<MetricFamilySamples> first = jvm.collect(null);
            List<MetricFamilySamples> second = jvm.collect(null);
            assertThat(Families.names(first)).containsExactly("test_broken_gauge", "test_healthy");
            assertThat(family(first, "test_healthy").samples.get(0).value).isEqualTo(42.0);
            // Micrometer itself turns a throwing gauge into NaN.
            assertThat(family(first, "test_broken_gauge").samples.get(0).value).isNaN();
            assertThat(Families.names(second)).isEqualTo(Families.names(first));
            assertThat(jvm.collectErrors()).isEqualTo(2);
        }
        assertThat(broken).isNotNull(); // FunctionCounter holds its object weakly
    }

    @Test
    void aBinderThatFailsToBindLeavesTheOthers() {
        List<Supplier<MeterBinder>> binders = new ArrayList<>();
        binders.add(() -> {
            throw new IllegalStateException("cannot even be created");
        });
        binders.add(() -> registry -> {
            throw new IllegalStateException("cannot bind");
        });
        binders.add(() -> registry -> Gauge.builder("test.healthy", () -> 1.0).register(registry));
        try (JvmStats.Handle jvm = JvmStats.acquire(binders)) {
            assertThat(jvm.binding().binders()).hasSize(2);
            assertThat(Families.names(jvm.collect(null))).containsExactly("test_healthy");
            assertThat(jvm.collectErrors()).isZero();
        }
    }

    private static double single(List<MetricFamilySamples> families, String name) {
        List<Sample> samples = family(families, name).samples;
        assertThat(samples).as(name).hasSize(1);
        return samples.get(0).value;
    }
}
