package io.github.flinko11y.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain scrapes {@code bench.spacedInterval} apart for each reporter, after the back-to-back ones
 * (so the code is compiled, as in a TaskManager scraped for days), the reporters taking turns: with
 * two, each is scraped half an interval after the other. What a scrape by Prometheus costs, when
 * nothing it touches (the CPU's caches, the JDK's once-a-second readings) is warm from its previous
 * one; taking turns pairs the two reporters' figures in time, so that the machine's drift (on a
 * shared VM, a scrape after idleness costs more at some hours than at others) hits both alike.
 *
 * <p>Each scrape is timed on its own from the per-thread clocks, in nanoseconds: the reporter's
 * threads over its whole interval (their background work between scrapes included), plus the
 * threads of no reporter (GC, JIT, the JVM's own) from the request to {@link #SETTLE_NANOS} after
 * it, less what those use at their idle rate, measured between the scrapes of the whole run, over
 * as long. The other reporter's threads do not count. One untimed round comes first.
 */
final class SpacedScrapes {

    /** The response has been read by then and the server's threads are idle again. */
    static final long SETTLE_NANOS = 250_000_000L;

    record Target(ReporterUnderTest reporter, int port) {}

    private final BenchmarkSettings settings;
    private final ScrapeClient client;

    SpacedScrapes(BenchmarkSettings settings, ScrapeClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** One result per target, in order. */
    ReporterResult.Spaced[] run(List<Target> targets, ValueChanger values) throws IOException, InterruptedException {
        int n = targets.size();
        int count = settings.spacedScrapes();
        long interval = (long) (settings.spacedIntervalSeconds() * 1e9);
        long step = interval / n;
        TaskClocks clocks = TaskClocks.forCallingThread();

        long[][] reporterCpu = new long[n][count];
        long[][] othersWindowCpu = new long[n][count];
        long[][] windowNanos = new long[n][count];
        long[][] latency = new long[n][count];
        long[] reporterIdle = new long[n];
        long othersQuietCpu = 0;
        long quietNanos = 0;
        Map<String, Long> byThread = new TreeMap<>();
        for (Target target : targets) {
            log(target.reporter().label() + ": " + (count + 1) + " plain scrapes "
                    + settings.spacedIntervalSeconds() + " s apart, " + (n > 1 ? "taking turns" : "alone"));
        }

        Map<String, Long> last = clocks.read();
        long lastNanos = System.nanoTime();
        @SuppressWarnings("unchecked")
        Map<String, Long>[] marks = new Map[n];
        java.util.Arrays.fill(marks, last);
        long start = lastNanos + step;
        for (int round = -1; round < count; round++) {
            for (int k = 0; k < n; k++) {
                Target target = targets.get(k);
                values.advance();
                sleepUntil(start + ((long) (round + 1) * n + k) * step);
                Map<String, Long> before = clocks.read();
                long beforeNanos = System.nanoTime();
                ScrapeClient.Response response = ReporterRun.checked(client.scrape(target.port(), false, null), false);
                sleepUntil(beforeNanos + SETTLE_NANOS);
                Map<String, Long> after = clocks.read();
                long afterNanos = System.nanoTime();

                // between the previous window (of any reporter) and this one: the idle rate
                for (Map.Entry<String, Long> task : before.entrySet()) {
                    if (owner(targets, clocks.name(task.getKey())) < 0 && last.containsKey(task.getKey())) {
                        othersQuietCpu += task.getValue() - last.get(task.getKey());
                    }
                }
                quietNanos += beforeNanos - lastNanos;

                if (round >= 0) {
                    long own = 0;
                    long ownIdle = 0;
                    long others = 0;
                    for (Map.Entry<String, Long> task : after.entrySet()) {
                        int owner = owner(targets, clocks.name(task.getKey()));
                        long atBefore = before.getOrDefault(task.getKey(), 0L);
                        if (owner == k) {
                            // a thread born since the previous scrape counts whole
                            long atMark = marks[k].getOrDefault(task.getKey(), 0L);
                            own += task.getValue() - atMark;
                            ownIdle += before.containsKey(task.getKey()) ? atBefore - atMark : 0;
                        } else if (owner < 0) {
                            others += task.getValue() - atBefore;
                        }
                    }
                    reporterCpu[k][round] = own;
                    othersWindowCpu[k][round] = others;
                    windowNanos[k][round] = afterNanos - beforeNanos;
                    latency[k][round] = response.nanos();
                    reporterIdle[k] += ownIdle;
                    if (Boolean.getBoolean("bench.threads")) {
                        String label = target.reporter().label() + " / ";
                        clocks.byName(before, after).forEach((name, nanos) -> byThread.merge(label + name, nanos, Long::sum));
                    }
                }
                marks[k] = after;
                last = after;
                lastNanos = afterNanos;
            }
        }
        if (!byThread.isEmpty()) {
            StringBuilder line = new StringBuilder("[bench] CPU by thread from request to settled (spaced): ");
            byThread.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> line.append(String.format(Locale.ROOT, "%s %.1f µs/scrape; ",
                            e.getKey(), e.getValue() / 1e3 / count)));
            System.out.println(line);
        }

        double othersIdleShare = quietNanos == 0 ? 0 : (double) othersQuietCpu / quietNanos;
        ReporterResult.Spaced[] results = new ReporterResult.Spaced[n];
        for (int k = 0; k < n; k++) {
            long[] cpu = new long[count];
            for (int i = 0; i < count; i++) {
                cpu[i] = reporterCpu[k][i] + othersWindowCpu[k][i] - (long) (othersIdleShare * windowNanos[k][i]);
            }
            results[k] = new ReporterResult.Spaced(
                    latency[k], cpu, reporterIdle[k], settings.spacedIntervalSeconds(), othersIdleShare);
        }
        return results;
    }

    /** The index of the target whose thread this is, or -1. */
    private static int owner(List<Target> targets, String comm) {
        for (int k = 0; k < targets.size(); k++) {
            if (targets.get(k).reporter().isReporterThread(comm)) {
                return k;
            }
        }
        return -1;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static void log(String message) {
        System.out.println("[bench]   " + message);
        System.out.flush();
    }
}
