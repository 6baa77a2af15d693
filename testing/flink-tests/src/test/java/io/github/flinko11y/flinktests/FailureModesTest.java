package io.github.flinko11y.flinktests;

import static io.github.flinko11y.flinktests.support.ReporterRegistry.FLINKS;
import static io.github.flinko11y.flinktests.support.ReporterRegistry.OURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.flinktests.support.Exposition;
import io.github.flinko11y.flinktests.support.Exposition.Family;
import io.github.flinko11y.flinktests.support.Exposition.Sample;
import io.github.flinko11y.flinktests.support.JobMetrics;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.Promtool;
import io.github.flinko11y.flinktests.support.ReporterRegistry;
import io.github.flinko11y.flinktests.support.Scrape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.MetricUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What breaks Flink's PrometheusReporter must not break ours: broken gauges, label names that
 * collide after sanitising (FLINK-40648), one name with different variable sets (FLINK-32649),
 * metric churn during scrapes, and job churn over time. Our reporter is loaded from the plugin jar
 * and scraped over HTTP; metrics live in flink-runtime's real groups. Where it is cheap, the same
 * scenario is run against Flink's reporter to show that it really is a failure there (so these
 * tests can fail).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FailureModesTest {

    private static final String JOB_NAME = "failure modes";

    @Test
    void brokenGaugesLoseOnlyTheirOwnSamples() throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.oursAndFlinks()) {
            JobMetrics job = registerJob(reporters, "Source: events", "parse");
            Exposition before = Scrape.metrics(reporters.port(OURS));

            InternalOperatorMetricGroup parse = job.operators().get(1);
            parse.gauge("throwingGauge", (Gauge<Long>) () -> {
                throw new IllegalStateException("metric source is gone");
            });
            parse.gauge("nullGauge", () -> null);
            parse.gauge("stringGauge", () -> "not a number");
            parse.counter("healthyCounter").inc(42);

            for (int scrape = 1; scrape <= 2; scrape++) { // the first failure is logged, later ones counted
                Scrape response = Scrape.get(reporters.port(OURS), "/metrics", false);
                assertThat(response.status).as("scrape %s", scrape).isEqualTo(200);
                Exposition after = Exposition.parse(response.body);

                assertThat(seriesKeys(after)).containsAll(seriesKeys(before));
                assertThat(flinkSamples(after)).hasSize(flinkSamples(before).size() + 1);
                assertThat(single(after, operatorFamily("healthyCounter")).value()).isEqualTo(42.0);
                for (String broken : List.of("throwingGauge", "nullGauge", "stringGauge")) {
                    assertThat(after.samples(operatorFamily(broken))).as(broken).isEmpty();
                }
            }

            // Flink's reporter: one throwing gauge and the server drops every scrape without a response.
            assertThatThrownBy(() -> Scrape.get(reporters.port(FLINKS), "/metrics", false))
                    .as("a scrape of Flink's reporter")
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void labelNamesThatCollideAfterSanitisingStayDistinctAndParse() throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.oursAndFlinks()) {
            JobMetrics job = registerJob(reporters, "Source: events", "parse");
            // Variables <foo.bar> and <foo_bar> both become the label name foo_bar (FLINK-40648).
            job.operators().get(1).addGroup("foo.bar", "x").addGroup("foo_bar", "y").counter("collisions").inc(5);

            String body = Scrape.metricsText(reporters.port(OURS));
            Promtool.Result promtool = Promtool.checkMetrics(body);
            assertThat(promtool.parsed()).as("%s", promtool).isTrue();
            Sample collisions = single(Exposition.parse(body), familyEndingWith(body, "_collisions"));
            assertThat(collisions.labels())
                    .containsEntry("foo_bar", "x") // <foo.bar> sorts before <foo_bar> and keeps the name
                    .containsEntry("foo_bar_1", "y")
                    .containsEntry("operator_name", "parse");
            assertThat(collisions.value()).isEqualTo(5.0);

            Promtool.Result flinks = Promtool.checkMetrics(Scrape.metricsText(reporters.port(FLINKS)));
            assertThat(flinks.parsed()).as("Flink's exposition is rejected: %s", flinks).isFalse();
            assertThat(flinks.output).contains("duplicate label names");
        }
    }

    @Test
    void oneNameWithDifferentVariableSetsKeepsEachSeriesOwnLabels() throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.oursAndFlinks()) {
            JobMetrics job = registerJob(reporters, "Source: events", "parse");
            // Same logical scope (..._operator_stage) and name, but only the second has <stage>.
            job.operators().get(0).addGroup("stage").counter("handled").inc(11);
            job.operators().get(1).addGroup("stage", "decode").counter("handled").inc(22);
            String family = operatorFamily("stage_handled");

            String body = Scrape.metricsText(reporters.port(OURS));
            Promtool.Result promtool = Promtool.checkMetrics(body);
            assertThat(promtool.parsed()).as("%s", promtool).isTrue();
            Exposition ours = Exposition.parse(body);
            assertThat(ours.samples(family)).hasSize(2);
            Sample plain = single(ours.samples(family, Map.of("operator_name", "Source:_events")));
            assertThat(plain.labels()).doesNotContainKey("stage");
            assertThat(plain.value()).isEqualTo(11.0);
            Sample staged = single(ours.samples(family, Map.of("operator_name", "parse")));
            assertThat(staged.labels()).containsEntry("stage", "decode");
            assertThat(staged.labels().keySet()).hasSize(plain.labels().size() + 1);
            assertThat(staged.value()).isEqualTo(22.0);

            // Flink's reporter fixes the label names with the first registration, so the second
            // series is not exported with its own labels.
            Exposition flinks = Exposition.parse(Scrape.metricsText(reporters.port(FLINKS)));
            assertThat(flinks.samples(family, Map.of("operator_name", "parse", "stage", "decode")))
                    .as("Flink exports the second series with its own labels")
                    .isEmpty();
        }
    }

    @Test
    void scrapesDuringConcurrentRegistrationAndRemovalAlwaysSucceed() throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.ours()) {
            TaskManagerMetricGroup taskManager = taskManagerWithJvmStatus(reporters);
            int port = reporters.port(OURS);
            int baseline = flinkSamples(Scrape.metrics(port)).size();

            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger jobCycles = new AtomicInteger();
            AtomicInteger scrapes = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                String jobName = "churn-" + t;
                threads.add(worker("metric-churn-" + t, stop, failures, () -> {
                    JobMetrics job = JobMetrics.register(
                            taskManager, JobID.generate(), jobName, 2, "Source: s", "map", "Sink: k");
                    job.operators().get(0).addGroup("partition", "p1").counter("extra").inc();
                    job.close();
                    jobCycles.incrementAndGet();
                }));
            }
            for (int t = 0; t < 2; t++) {
                boolean gzip = t == 1;
                threads.add(worker("scraper-" + t, stop, failures, () -> {
                    Scrape scrape = Scrape.get(port, "/metrics", gzip);
                    if (scrape.status != 200) {
                        throw new AssertionError("scrape answered " + scrape.status + ": " + scrape.body);
                    }
                    Exposition exposition = Exposition.parse(scrape.body);
                    if (!exposition.duplicateSeries().isEmpty()) {
                        throw new AssertionError("duplicate series " + exposition.duplicateSeries());
                    }
                    scrapes.incrementAndGet();
                }));
            }
            threads.forEach(Thread::start);
            // load until both sides have done enough rounds to meet, or a failure ends the run early
            Await.atMost(Duration.ofSeconds(60)).until("10 scrapes and 10 job register/remove cycles",
                    () -> !failures.isEmpty() || (scrapes.get() >= 10 && jobCycles.get() >= 10));
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
                assertThat(thread.isAlive()).as("%s stopped", thread.getName()).isFalse();
            }

            assertThat(failures).isEmpty();
            assertThat(scrapes.get()).as("scrapes").isGreaterThanOrEqualTo(10);
            assertThat(jobCycles.get()).as("job register/remove cycles").isGreaterThanOrEqualTo(10);
            assertThat(flinkSamples(Scrape.metrics(port))).hasSize(baseline);
        }
    }

    @Test
    void aThousandJobRegistrationCyclesLeaveNoSeriesBehind() throws Exception {
        try (ReporterRegistry reporters = ReporterRegistry.ours()) {
            TaskManagerMetricGroup taskManager = taskManagerWithJvmStatus(reporters);
            int port = reporters.port(OURS);
            Exposition baseline = Scrape.metrics(port);

            for (int cycle = 0; cycle < 1000; cycle++) {
                JobMetrics job = JobMetrics.register(
                        taskManager, JobID.generate(), "cycle " + cycle, 2, "Source: s", "map", "Sink: k");
                job.operators().get(1).addGroup("partition", String.valueOf(cycle)).counter("extra").inc();
                if (cycle == 0) {
                    Exposition withJob = Scrape.metrics(port);
                    assertThat(flinkSamples(withJob).size() - flinkSamples(baseline).size())
                            .as("series a running job adds")
                            .isGreaterThan(100);
                }
                job.close();
            }

            Exposition after = Scrape.metrics(port);
            assertThat(flinkSamples(after)).hasSize(flinkSamples(baseline).size());
            assertThat(flinkFamilies(after)).isEqualTo(flinkFamilies(baseline));
            assertThat(seriesKeys(after)).isEqualTo(seriesKeys(baseline));
        }
    }

    private static JobMetrics registerJob(ReporterRegistry reporters, String... operatorNames) {
        TaskManagerMetricGroup taskManager = reporters.taskManagerGroup("taskmanager-0", "tm-1");
        return JobMetrics.register(taskManager, JobID.generate(), JOB_NAME, 1, operatorNames);
    }

    private static String operatorFamily(String metricName) {
        return "flink_taskmanager_job_task_operator_" + metricName;
    }

    private static Sample single(Exposition exposition, String sampleName) {
        return single(exposition.samples(sampleName));
    }

    private static Sample single(List<Sample> samples) {
        assertThat(samples).hasSize(1);
        return samples.get(0);
    }

    private static String familyEndingWith(String body, String suffix) {
        List<String> names = Exposition.parse(body).families().values().stream()
                .map(Family::name)
                .filter(n -> n.endsWith(suffix))
                .collect(Collectors.toList());
        assertThat(names).hasSize(1);
        return names.get(0);
    }

    /** Flink's series only: JVM statistics and self-metrics move on their own (GC causes, counts). */
    private static Set<String> seriesKeys(Exposition exposition) {
        return flinkSamples(exposition).stream().map(Sample::seriesKey).collect(Collectors.toSet());
    }

    private static List<Sample> flinkSamples(Exposition exposition) {
        return exposition.samples().stream().filter(s -> s.name().startsWith("flink_")).collect(Collectors.toList());
    }

    private static Set<String> flinkFamilies(Exposition exposition) {
        return exposition.families().keySet().stream().filter(n -> n.startsWith("flink_")).collect(Collectors.toSet());
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A thread that repeats {@code step} until {@code stop}, recording the first failure. */
    private static Thread worker(
            String name, AtomicBoolean stop, ConcurrentLinkedQueue<Throwable> failures, Step step) {
        Thread thread = new Thread(() -> {
            try {
                while (!stop.get()) {
                    step.run();
                }
            } catch (Throwable t) {
                failures.add(new AssertionError(name + " failed", t));
                stop.set(true);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A TaskManager group with the JVM status metrics a real TaskManager registers at start. */
    private static TaskManagerMetricGroup taskManagerWithJvmStatus(ReporterRegistry reporters) {
        TaskManagerMetricGroup taskManager = reporters.taskManagerGroup("taskmanager-0", "tm-1");
        MetricUtils.instantiateStatusMetrics(taskManager.addGroup("Status"));
        return taskManager;
    }
}
