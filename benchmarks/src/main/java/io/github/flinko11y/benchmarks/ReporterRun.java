package io.github.flinko11y.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * Measures one reporter on one hierarchy: registration time and retained heap, then warmed-up,
 * timed scrapes without and with gzip. Runs on the benchmark's main thread, which is also the
 * scrape client.
 */
final class ReporterRun {

    private static final int MAX_REGISTRATION_WARMUP_ROUNDS = 20;
    private static final int MAX_TIMED_SCRAPES = 1_000_000;
    /** The JIT counts as settled once its threads use less than this share of a core ... */
    private static final double JIT_SETTLED_SHARE = 0.01;
    /** ... over this long (the /proc clock ticks in 10 ms: 3 ticks). */
    private static final long JIT_WINDOW_NANOS = 3_000_000_000L;
    private final BenchmarkSettings settings;
    private final ProcessMeters meters;
    private final ScrapeClient client = new ScrapeClient();

    ReporterRun(BenchmarkSettings settings, ProcessMeters meters) {
        this.settings = settings;
        this.meters = meters;
    }

    /** A measured reporter, still open (its code compiled) for the spaced scrapes; the caller closes it. */
    record Measured(ReporterResult result, ReporterUnderTest.Running running) {}

    Measured run(ReporterUnderTest reporter, FlinkMetricHierarchy hierarchy) throws Exception {
        List<Registration> registrations = hierarchy.registrations();
        warmUpRegistration(reporter, registrations);

        // Several timed rounds into fresh instances, each after a full GC; the median is reported.
        // The last instance is kept for the heap figures and the scrapes.
        long[] registrationNanos = new long[settings.registrationRounds()];
        ReporterUnderTest.Running running = null;
        long heapBefore = 0;
        try {
            for (int round = 0; round < registrationNanos.length; round++) {
                if (running != null) {
                    running.close();
                }
                running = reporter.start();
                heapBefore = meters.usedHeapAfterGc();
                registrationNanos[round] = register(running.reporter(), registrations);
                if (Boolean.getBoolean("bench.verbose")) {
                    System.out.printf("[bench]   registration round %d: %.2f µs per metric%n",
                            round + 1, registrationNanos[round] / 1e3 / registrations.size());
                }
            }
        } catch (Exception | Error e) {
            if (running != null) {
                running.close();
            }
            throw e;
        }
        ReporterUnderTest.Running measured = running;
        try {
            long heapAfterRegistration = meters.usedHeapAfterGc();

            String plainBody = new String(checkedBody(measured.port(), false), StandardCharsets.UTF_8);
            long series = sampleLines(plainBody);
            Set<String> families = familyNames(plainBody);
            plainBody = null;
            long gzipSeries =
                    sampleLines(new String(gunzip(checkedBody(measured.port(), true)), StandardCharsets.UTF_8));
            if (series == 0 || gzipSeries != series) {
                throw new IllegalStateException(
                        reporter.label() + " exported " + series + " sample lines plain but "
                                + gzipSeries + " with gzip");
            }

            int timed = settings.timedScrapes(reporter.isFlinkReporter(), hierarchy.expectedSeries());
            ReporterResult.Scrapes plain = scrapes(reporter, measured.port(), false, timed, hierarchy.values());
            ReporterResult.Scrapes gzip = scrapes(reporter, measured.port(), true, timed, hierarchy.values());
            long heapAfterScrapes = meters.usedHeapAfterGc();
            return new Measured(new ReporterResult(
                    reporter.label(), series, families, registrations.size(), median(registrationNanos),
                    heapBefore, heapAfterRegistration, heapAfterScrapes, plain, gzip, ReporterResult.Spaced.NONE),
                    measured);
        } catch (Exception | Error e) {
            measured.close();
            throw e;
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Registers everything into throw-away instances until the JIT has seen the path enough. */
    private void warmUpRegistration(ReporterUnderTest reporter, List<Registration> registrations)
            throws Exception {
        long deadline = System.nanoTime() + (long) (settings.warmupSeconds() * 1e9);
        for (int round = 0;
                round < 2 || (round < MAX_REGISTRATION_WARMUP_ROUNDS && System.nanoTime() < deadline);
                round++) {
            try (ReporterUnderTest.Running running = reporter.start()) {
                register(running.reporter(), registrations);
            }
        }
    }

    /** Time spent in the reporter's notifyOfAddedMetric calls, in nanoseconds. */
    private static long register(MetricReporter reporter, List<Registration> registrations) {
        long start = System.nanoTime();
        for (int i = 0, n = registrations.size(); i < n; i++) {
            Registration r = registrations.get(i);
            reporter.notifyOfAddedMetric(r.metric(), r.name(), r.group());
        }
        return System.nanoTime() - start;
    }

    private ReporterResult.Scrapes scrapes(
            ReporterUnderTest reporter, int port, boolean gzip, int timed, ValueChanger values) throws IOException {
        warmUp(port, gzip, values);
        // One interval around all timed scrapes: the process CPU clock ticks in 10 ms steps, so
        // per-scrape readings would be mostly 0 or 10 ms; the interval lasts at least
        // bench.timedSeconds so that the tick is under 1% of it. Changing the values between
        // scrapes is the client thread's work and is subtracted with the rest of it.
        boolean byThread = Boolean.getBoolean("bench.threads");
        java.util.Map<String, Long> threadsAtStart = ThreadTicks.read();
        java.util.Map<Long, Long> handlersAtStart = meters.threadCpuNanos(reporter::isHandlerThread);
        ProcessMeters.Reading start = meters.start();
        long minNanos = (long) (settings.timedSeconds() * 1e9);
        long[] latencies = new long[timed];
        int count = 0;
        long bodyBytes = 0;
        long began = System.nanoTime();
        while (count < timed || (count < MAX_TIMED_SCRAPES && System.nanoTime() - began < minNanos)) {
            values.advance();
            ScrapeClient.Response response = checked(client.scrape(port, gzip, null), gzip);
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = response.nanos();
            bodyBytes = response.bodyBytes();
        }
        ProcessMeters.Reading end = meters.end();
        long handlerCpu = ProcessMeters.cpuNanosSince(handlersAtStart, meters.threadCpuNanos(reporter::isHandlerThread));
        java.util.Map<String, Long> threadsAtEnd = ThreadTicks.read();
        long compilation = ThreadTicks.compilerNanosSince(threadsAtStart, threadsAtEnd);
        if (byThread) {
            System.out.println("[bench] CPU by thread (" + (gzip ? "gzip" : "plain") + "): "
                    + ThreadTicks.since(threadsAtStart, threadsAtEnd, count));
        }
        return new ReporterResult.Scrapes(
                Arrays.copyOf(latencies, count), end.serverCpuNanosSince(start), handlerCpu,
                compilation, end.allocatedBytesSince(start), bodyBytes);
    }

    private static void log(String message) {
        System.out.println("[bench]   " + message);
        System.out.flush();
    }

    /**
     * At least bench.warmup scrapes and bench.warmupSeconds, then on until the JIT compiler threads
     * have settled (under 1% of the CPU of one core over the last 3 s; at most
     * bench.warmupMaxSeconds): a TaskManager is scraped for days, so its per-scrape code is
     * compiled, and what is measured is the steady state rather than the compilers catching up.
     */
    private void warmUp(int port, boolean gzip, ValueChanger values) throws IOException {
        // First calls link lambdas and method handles (class generation, then its JIT work):
        // done here, not in the timed interval that reads the same meters
        meters.threadCpuNanos(name -> true);
        meters.start();
        meters.end();
        long began = System.nanoTime();
        long minimum = began + (long) (settings.warmupSeconds() * 1e9);
        long maximum = began + (long) (Math.max(settings.warmupSeconds(), settings.warmupMaxSeconds()) * 1e9);
        long windowStart = began;
        java.util.Map<String, Long> ticksAtWindowStart = ThreadTicks.read();
        boolean settled = false;
        for (int i = 1; ; i++) {
            values.advance();
            checked(client.scrape(port, gzip, null), gzip);
            long now = System.nanoTime();
            if (now - windowStart >= JIT_WINDOW_NANOS) {
                java.util.Map<String, Long> ticks = ThreadTicks.read();
                long compiler = ThreadTicks.compilerNanosSince(ticksAtWindowStart, ticks);
                settled = compiler < (now - windowStart) * JIT_SETTLED_SHARE;
                windowStart = now;
                ticksAtWindowStart = ticks;
            }
            if (i >= settings.warmupScrapes() && now >= minimum && (settled || now >= maximum)) {
                if (Boolean.getBoolean("bench.verbose")) {
                    System.out.printf("[bench]   warm-up: %d scrapes, %.1f s, JIT %s%n", i, (now - began) / 1e9,
                            settled ? "settled" : "still compiling");
                }
                return;
            }
        }
    }

    private byte[] checkedBody(int port, boolean gzip) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        checked(client.scrape(port, gzip, body), gzip);
        return body.toByteArray();
    }

    /** The response, or an exception when it is not a 200 with a body in the encoding asked for. */
    static ScrapeClient.Response checked(ScrapeClient.Response response, boolean gzip) {
        if (response.status() != 200 || response.bodyBytes() == 0) {
            throw new IllegalStateException(
                    "scrape answered " + response.status() + " with " + response.bodyBytes() + " bytes");
        }
        if (response.gzip() != gzip) {
            throw new IllegalStateException(
                    gzip ? "asked for gzip but the body is not gzip-encoded"
                            : "the body is gzip-encoded although the client did not accept gzip");
        }
        return response;
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** Lines that are samples: neither comments nor empty. */
    static long sampleLines(String body) {
        return body.lines().filter(line -> !line.isEmpty() && line.charAt(0) != '#').count();
    }

    static Set<String> familyNames(String body) {
        Set<String> names = new TreeSet<>();
        body.lines()
                .filter(line -> line.startsWith("# TYPE "))
                .forEach(line -> names.add(line.substring(7, line.indexOf(' ', 7))));
        return names;
    }
}
