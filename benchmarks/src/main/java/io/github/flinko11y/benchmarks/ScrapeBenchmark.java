package io.github.flinko11y.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scrape benchmark: Flink 2.3.0's PrometheusReporter against the flink-o11y exporter (loaded as a
 * Flink plugin from its shaded jar), on the same real Flink metric hierarchy, one reporter at a
 * time, at each size of {@code bench.sizes}. Prints one Markdown table per size and writes them to
 * {@code bench.output}. Method: docs/performance.md.
 */
public final class ScrapeBenchmark {

    private ScrapeBenchmark() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            run(BenchmarkSettings.fromSystemProperties());
        } catch (Throwable t) {
            System.err.println("Benchmark failed: " + t);
            t.printStackTrace();
            status = 1;
        }
        // Flink's reporter starts non-daemon HTTP threads; never leave a JVM behind.
        System.exit(status);
    }

    private static void run(BenchmarkSettings settings) throws Exception {
        Instant started = Instant.now();
        ProcessMeters meters = new ProcessMeters();
        StringBuilder report = new StringBuilder();
        report.append("## Scrape benchmark results\n\n").append(environment(settings)).append('\n');
        System.out.print(report);

        if (System.getProperty("bench.only") != null) {
            runOnly(settings, meters, System.getProperty("bench.only"));
            return;
        }
        ReporterRun run = new ReporterRun(settings, meters);
        List<ReporterUnderTest> reporters =
                List.of(ReporterUnderTest.flinkPrometheusReporter(), ReporterUnderTest.exporterPlugin());
        for (int size : settings.sizes()) {
            log("~" + ResultsTable.sizeLabel(size) + " series: building the Flink metric hierarchy");
            FlinkMetricHierarchy hierarchy = FlinkMetricHierarchy.build(size);
            log(hierarchy.shape());
            ValueReadFloor.Result floor =
                    ValueReadFloor.measure(hierarchy.registrations(), hierarchy.values(), meters,
                            settings.scrapes(), settings.warmupSeconds());
            ReporterResult[] results = new ReporterResult[reporters.size()];
            List<ReporterUnderTest.Running> open = new ArrayList<>();
            try {
                List<SpacedScrapes.Target> targets = new ArrayList<>();
                for (int i = 0; i < reporters.size(); i++) {
                    ReporterUnderTest reporter = reporters.get(i);
                    log("~" + ResultsTable.sizeLabel(size) + " series: " + reporter.label());
                    meters.usedHeapAfterGc();
                    ReporterRun.Measured measured = run.run(reporter, hierarchy);
                    open.add(measured.running());
                    targets.add(new SpacedScrapes.Target(reporter, measured.running().port()));
                    results[i] = measured.result();
                    log(String.format("  %d series, plain median %s, gzip median %s",
                            results[i].exportedSeries(), ResultsTable.millis(results[i].plain().medianMillis()),
                            ResultsTable.millis(results[i].gzip().medianMillis())));
                }
                if (settings.spaced()) {
                    ReporterResult.Spaced[] spaced =
                            new SpacedScrapes(settings, new ScrapeClient()).run(targets, hierarchy.values());
                    for (int i = 0; i < results.length; i++) {
                        results[i] = results[i].withSpaced(spaced[i]);
                    }
                }
            } finally {
                open.forEach(ReporterUnderTest.Running::close);
            }
            if (results[0].exportedSeries() != results[1].exportedSeries()) {
                log("NOTE: the reporters exported different numbers of sample lines");
            }
            String table = ResultsTable.render(
                    size, hierarchy, results[0], results[1], floor, settings.registrationRounds());
            System.out.print(table);
            System.out.flush();
            report.append(table);
            hierarchy = null;
            meters.usedHeapAfterGc();
        }
        String finished =
                String.format("Finished in %d s; load average at the end: %s.%n",
                        Duration.between(started, Instant.now()).toSeconds(), loadAverage());
        report.append(finished);
        System.out.print(finished);
        Path output = settings.output().toAbsolutePath();
        Files.createDirectories(output.getParent());
        Files.writeString(output, report.toString(), StandardCharsets.UTF_8);
        log("Results written to " + output);
    }

    /**
     * Profiling aid ({@code -Dbench.only=flink|ours}, with the JVM started by hand and a profiler
     * attached): one reporter, no table.
     */
    private static void runOnly(BenchmarkSettings settings, ProcessMeters meters, String which)
            throws Exception {
        ReporterUnderTest reporter =
                which.equals("flink")
                        ? ReporterUnderTest.flinkPrometheusReporter()
                        : ReporterUnderTest.exporterPlugin();
        for (int size : settings.sizes()) {
            FlinkMetricHierarchy hierarchy = FlinkMetricHierarchy.build(size);
            ReporterResult result;
            ReporterRun.Measured measured = new ReporterRun(settings, meters).run(reporter, hierarchy);
            try (ReporterUnderTest.Running running = measured.running()) {
                result = measured.result();
                if (settings.spaced()) {
                    result = result.withSpaced(new SpacedScrapes(settings, new ScrapeClient())
                            .run(List.of(new SpacedScrapes.Target(reporter, running.port())), hierarchy.values())[0]);
                }
            }
            log(String.format("%s ~%s: %d series; plain: median %s, CPU %s (HTTP handlers %s, JIT %s),"
                            + " allocated %s, %d scrapes; gzip: median %s, CPU %s (HTTP handlers %s),"
                            + " allocated %s; %d scrapes spaced: CPU median %s",
                    reporter.label(), ResultsTable.sizeLabel(size), result.exportedSeries(),
                    ResultsTable.millis(result.plain().medianMillis()),
                    ResultsTable.millis(result.plain().cpuMillisPerScrape()),
                    ResultsTable.millis(result.plain().handlerCpuMillisPerScrape()),
                    ResultsTable.millis(result.plain().compilerCpuMillisPerScrape()),
                    ResultsTable.bytes(result.plain().allocatedBytesPerScrape()),
                    result.plain().count(),
                    ResultsTable.millis(result.gzip().medianMillis()),
                    ResultsTable.millis(result.gzip().cpuMillisPerScrape()),
                    ResultsTable.millis(result.gzip().handlerCpuMillisPerScrape()),
                    ResultsTable.bytes(result.gzip().allocatedBytesPerScrape()),
                    result.spaced().count(), ResultsTable.millis(result.spaced().medianCpuMillis())));
        }
    }

    private static String environment(BenchmarkSettings settings) throws IOException {
        Runtime runtime = Runtime.getRuntime();
        return String.format(
                "- when: %s; load average at the start: %s; %d cores%n"
                        + "- JVM: %s %s; flags: %s%n"
                        + "- exporter plugin: %s%n"
                        + "- timed scrapes per configuration: at least %d and at least %.1f s (after at"
                        + " least %d warm-up scrapes and %.1f s, then until the JIT threads use under 1%%"
                        + " of a core for 3 s, at most %.0f s); Flink's reporter at >= 100k series: %d; registration: median of"
                        + " %d timed rounds%n"
                        + "- CPU per scrape, whole process = process CPU time"
                        + " (OperatingSystemMXBean#getProcessCpuTime: every thread, GC and JIT"
                        + " included) minus the client thread's CPU time, over all timed scrapes,"
                        + " divided by their number; HTTP handler threads = ThreadMXBean CPU time of"
                        + " the reporter's handler threads%n"
                        + "- allocated per scrape = ThreadMXBean#getThreadAllocatedBytes summed over"
                        + " all live threads except the client thread, over all timed scrapes,"
                        + " divided by their number%n"
                        + "- spaced scrapes: %s%n",
                Instant.now(), loadAverage(), runtime.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                pluginJar(), settings.scrapes(), settings.timedSeconds(), settings.warmupScrapes(),
                settings.warmupSeconds(), settings.warmupMaxSeconds(),
                settings.timedScrapes(true, BenchmarkSettings.LARGE), settings.registrationRounds(),
                settings.spaced()
                        ? settings.spacedScrapes() + " plain scrapes " + settings.spacedIntervalSeconds()
                                + " s apart per reporter and size, after the back-to-back ones, the two"
                                + " reporters taking turns (half an interval apart); CPU from"
                                + " /proc/self/task/*/schedstat (ns): the reporter's threads over the whole"
                                + " interval, the threads of neither reporter but the client from the request"
                                + " to 250 ms later, less their idle rate between the scrapes over as long"
                        : "none (bench.spacedInterval=0)");
    }

    /** The plugin jar under test, with a digest so a result can be tied to a build. */
    private static String pluginJar() throws IOException {
        String dir = System.getenv("FLINK_PLUGINS_DIR");
        if (dir == null) {
            return "FLINK_PLUGINS_DIR is not set";
        }
        Path plugin = Path.of(dir, "flink-o11y-exporter");
        if (!Files.isDirectory(plugin)) {
            return plugin + " does not exist";
        }
        try (Stream<Path> jars = Files.list(plugin)) {
            StringBuilder out = new StringBuilder();
            for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
                out.append(jar.getFileName()).append(" (").append(Files.size(jar)).append(" bytes, sha256 ")
                        .append(sha256(jar).substring(0, 16)).append(", built ")
                        .append(Files.getLastModifiedTime(jar)).append(") ");
            }
            return out.toString().trim();
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
        System.out.flush();
    }
}
