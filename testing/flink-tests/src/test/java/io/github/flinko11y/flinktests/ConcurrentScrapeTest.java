package io.github.flinko11y.flinktests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.flinktests.support.ExporterPlugin;
import io.github.flinko11y.flinktests.support.Exposition;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.flinktests.support.Scrape;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ten scrapers for a minute against a real cluster whose jobs keep starting and finishing, so
 * task and operator metrics are added and removed while scrapes read them; plus clients that
 * connect and never send a request. Not one scrape may fail or return a broken exposition.
 * A soak of a minute: left out of the default run, run once by CI ({@code scripts/test.sh} with
 * {@code CI=true}).
 */
@Tag("soak")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrentScrapeTest {

    private static final int SCRAPERS = 10;
    private static final long RUN_MILLIS = 60_000;

    @Test
    void tenScrapersForAMinuteWhileJobsStartAndStopNeverFail() throws Exception {
        int port = FreePorts.one();
        Configuration config = Configuration.fromMap(Map.of(
                "metrics.reporter.prom.factory.class", ExporterPlugin.FACTORY_CLASS,
                "metrics.reporter.prom.port", String.valueOf(port)));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(4)
                .withRandomPorts()
                .setPluginManager(ExporterPlugin.pluginManager())
                .build());
        ExecutorService scrapers = Executors.newFixedThreadPool(SCRAPERS);
        List<Socket> idle = new ArrayList<>();
        try {
            cluster.start();
            URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
            // The ResourceManager registers its gauges once it has leadership, a moment after start.
            Await.atMost(Duration.ofSeconds(30)).until("JobManager metrics registered",
                    () -> !Scrape.metrics(port).samples("flink_jobmanager_numRegisteredTaskManagers").isEmpty());
            for (int i = 0; i < 5; i++) { // connected, never a byte sent
                idle.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }

            long end = System.currentTimeMillis() + RUN_MILLIS;
            AtomicLong scrapes = new AtomicLong();
            AtomicLong withJobSeries = new AtomicLong();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < SCRAPERS; s++) {
                boolean gzip = s % 2 == 0;
                running.add(scrapers.submit(() -> {
                    while (System.currentTimeMillis() < end) {
                        try {
                            Scrape scrape = Scrape.get(port, "/metrics", gzip);
                            Exposition parsed = Exposition.parse(scrape.body);
                            if (scrape.status != 200) {
                                failures.add("status " + scrape.status);
                            } else if (!parsed.duplicateSeries().isEmpty()) {
                                failures.add("duplicate series " + parsed.duplicateSeries());
                            } else if (parsed.samples("flink_jobmanager_numRegisteredTaskManagers").isEmpty()
                                    || parsed.samples("flinko11y_exporter_sample_lines").isEmpty()) { // the last family
                                failures.add("incomplete body of " + scrape.body.length() + " characters");
                            } else if (!parsed.samples("flink_taskmanager_job_task_operator_numRecordsIn").isEmpty()) {
                                withJobSeries.incrementAndGet();
                            }
                        } catch (Exception | AssertionError e) {
                            failures.add(e.toString());
                        }
                        scrapes.incrementAndGet();
                    }
                }));
            }

            int jobs = 0;
            while (System.currentTimeMillis() < end - 5_000) {
                runShortJob(rest, jobs++);
            }
            for (Future<?> scraper : running) {
                scraper.get(60, TimeUnit.SECONDS);
            }

            assertThat(failures).as("failed scrapes out of %d", scrapes.get()).isEmpty();
            assertThat(jobs).as("jobs started and finished during the run").isGreaterThanOrEqualTo(5);
            assertThat(scrapes.get()).as("scrapes in a minute").isGreaterThan(500);
            assertThat(withJobSeries.get()).as("scrapes that saw a job's operators").isGreaterThan(0);
            // every job has finished: its task and operator series are gone again
            assertThat(Scrape.metrics(port).samples("flink_taskmanager_job_task_operator_numRecordsIn")).isEmpty();
        } finally {
            scrapers.shutdownNow();
            for (Socket socket : idle) {
                socket.close();
            }
            cluster.closeAsync().get(60, TimeUnit.SECONDS);
        }
    }

    /** A bounded job of two chained operators per subtask, parallelism 2: metrics come and go. */
    private static void runShortJob(URI rest, int n) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                rest.getHost(), rest.getPort(), new Configuration());
        env.setParallelism(2);
        env.fromSequence(0, 20_000).name("numbers-" + n)
                .map(new SlowIdentity()).name("identity-" + n)
                .sinkTo(new DiscardingSink<>()).name("discard-" + n);
        JobClient job = env.executeAsync("short-job-" + n);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
    }

    /** Keeps each job alive for about a second, long enough to be scraped. */
    private static final class SlowIdentity implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) throws Exception {
            if (value % 200 == 0) {
                Thread.sleep(10);
            }
            return value;
        }
    }
}
