package io.github.flinko11y.benchmarks;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** One Markdown table per size: rows are figures, columns Flink's reporter, ours and the ratio. */
final class ResultsTable {

    private final StringBuilder out = new StringBuilder();

    static String render(
            int targetSize, FlinkMetricHierarchy hierarchy, ReporterResult flink, ReporterResult ours,
            ValueReadFloor.Result floor, int registrationRounds) {
        return new ResultsTable().table(targetSize, hierarchy, flink, ours, floor, registrationRounds);
    }

    private String table(
            int targetSize, FlinkMetricHierarchy hierarchy, ReporterResult flink, ReporterResult ours,
            ValueReadFloor.Result floor, int registrationRounds) {
        out.append("### ~").append(sizeLabel(targetSize)).append(" series\n\n");
        out.append(hierarchy.shape()).append(".\n\n");
        out.append("| metric | ").append(flink.label()).append(" | ").append(ours.label())
                .append(" | Flink ÷ ours |\n");
        out.append("|---|---:|---:|---:|\n");
        row("exported series (sample lines)", count(flink.exportedSeries()), count(ours.exportedSeries()),
                ratio(flink.exportedSeries(), ours.exportedSeries()));
        row("metric families", count(flink.families().size()), count(ours.families().size()),
                ratio(flink.families().size(), ours.families().size()));
        scrapeRows("plain", flink.plain(), ours.plain());
        scrapeRows("gzip", flink.gzip(), ours.gzip());
        spacedRows(flink.spaced(), ours.spaced());
        row("heap retained per series (registration)", bytes(flink.heapBytesPerSeries()),
                bytes(ours.heapBytesPerSeries()),
                ratio(flink.heapBytesPerSeries(), ours.heapBytesPerSeries()));
        row("heap retained per series (after the scrapes)", bytes(flink.heapAfterScrapesBytesPerSeries()),
                bytes(ours.heapAfterScrapesBytesPerSeries()),
                ratio(flink.heapAfterScrapesBytesPerSeries(), ours.heapAfterScrapesBytesPerSeries()));
        row("registration per series (notifyOfAddedMetric)",
                micros(flink.registrationMicrosPerSeries()), micros(ours.registrationMicrosPerSeries()),
                ratio(flink.registrationMicrosPerSeries(), ours.registrationMicrosPerSeries()));
        row("timed scrapes per encoding", count(flink.plain().count()), count(ours.plain().count()), "");
        out.append('\n');
        out.append(String.format(Locale.ROOT,
                "Reading every value once through Flink's metric API, without a reporter:"
                        + " counters, meters and gauges %s CPU, %s allocated; histograms (getStatistics"
                        + " and six getQuantile each) %s CPU, %s allocated.%n%n"
                        + "CPU per scrape, whole process: process CPU (every thread: HTTP, JIT, GC,"
                        + " background) minus the client thread's, over all timed scrapes; the"
                        + " process clock ticks in 10 ms, so ±%.3f ms per scrape. HTTP handler"
                        + " threads: their own CPU clocks. JIT compiler threads: their CPU from"
                        + " /proc (10 ms ticks), part of the whole process. Scrapes s apart, the"
                        + " two reporters taking turns: each timed alone from /proc schedstat (ns):"
                        + " the reporter's threads (Flink's: its pool and the JDK server's dispatcher"
                        + " and timer; ours: acceptor and workers) over the whole interval, the"
                        + " threads of neither reporter but the client from the request to 250 ms"
                        + " later less their idle rate between the scrapes over as long."
                        + " Registration: median of %d timed rounds.%n",
                millis(floor.scalars().cpuMillis()), bytes(floor.scalars().allocatedBytes()),
                millis(floor.histograms().cpuMillis()), bytes(floor.histograms().allocatedBytes()),
                10.0 / Math.min(flink.plain().count(), ours.plain().count()), registrationRounds));
        familyDifferences(flink, ours);
        out.append('\n');
        return out.toString();
    }

    private void scrapeRows(String encoding, ReporterResult.Scrapes flink, ReporterResult.Scrapes ours) {
        row("scrape median (" + encoding + ")", millis(flink.medianMillis()), millis(ours.medianMillis()),
                ratio(flink.medianMillis(), ours.medianMillis()));
        row("scrape min – max (" + encoding + ")",
                millis(flink.minMillis()) + " – " + millis(flink.maxMillis()),
                millis(ours.minMillis()) + " – " + millis(ours.maxMillis()), "");
        row("CPU per scrape, whole process (" + encoding + ")", cpu(flink), cpu(ours),
                ratio(flink.cpuMillisPerScrape(), ours.cpuMillisPerScrape()));
        row("CPU per scrape, HTTP handler threads (" + encoding + ")",
                millis(flink.handlerCpuMillisPerScrape()), millis(ours.handlerCpuMillisPerScrape()),
                ratio(flink.handlerCpuMillisPerScrape(), ours.handlerCpuMillisPerScrape()));
        row("of which JIT compiler threads (" + encoding + ")",
                millis(flink.compilerCpuMillisPerScrape()), millis(ours.compilerCpuMillisPerScrape()), "");
        row("allocated per scrape (" + encoding + ")", bytes(flink.allocatedBytesPerScrape()),
                bytes(ours.allocatedBytesPerScrape()),
                ratio(flink.allocatedBytesPerScrape(), ours.allocatedBytesPerScrape()));
        row("body (" + encoding + ")", bytes(flink.bodyBytes()), bytes(ours.bodyBytes()),
                ratio(flink.bodyBytes(), ours.bodyBytes()));
    }

    private void spacedRows(ReporterResult.Spaced flink, ReporterResult.Spaced ours) {
        if (flink.count() == 0 || ours.count() == 0) {
            return;
        }
        String apart = significant(flink.intervalSeconds()) + " s apart";
        row("CPU per scrape, whole process, median (plain, " + apart + ")", millis(flink.medianCpuMillis()),
                millis(ours.medianCpuMillis()), ratio(flink.medianCpuMillis(), ours.medianCpuMillis()));
        row("CPU per scrape, whole process, mean (plain, " + apart + ")", millis(flink.meanCpuMillis()),
                millis(ours.meanCpuMillis()), ratio(flink.meanCpuMillis(), ours.meanCpuMillis()));
        row("CPU per scrape, whole process, min – max (plain, " + apart + ")",
                millis(flink.minCpuMillis()) + " – " + millis(flink.maxCpuMillis()),
                millis(ours.minCpuMillis()) + " – " + millis(ours.maxCpuMillis()), "");
        row("scrape median (plain, " + apart + ")", millis(flink.medianLatencyMillis()),
                millis(ours.medianLatencyMillis()), ratio(flink.medianLatencyMillis(), ours.medianLatencyMillis()));
        row("of which the reporter's threads between the scrapes (plain, " + apart + ")",
                millis(flink.reporterIdleMillisPerScrape()), millis(ours.reporterIdleMillisPerScrape()), "");
        row("other threads' CPU between the scrapes (share of a core; their idle rate, subtracted; the same run for both)",
                percent(flink.othersIdleShare()), percent(ours.othersIdleShare()), "");
        row("timed scrapes " + apart, count(flink.count()), count(ours.count()), "");
    }

    private static String percent(double share) {
        return significant(share * 100) + "%";
    }

    /** The process CPU clock ticks in 10 ms: below one tick per batch there is no figure. */
    private static String cpu(ReporterResult.Scrapes scrapes) {
        double resolution = 10.0 / scrapes.count();
        if (scrapes.cpuMillisPerScrape() < resolution) {
            return "< " + millis(resolution) + " (clock tick)";
        }
        return millis(scrapes.cpuMillisPerScrape());
    }

    private void familyDifferences(ReporterResult flink, ReporterResult ours) {
        Set<String> onlyFlink = new TreeSet<>(flink.families());
        onlyFlink.removeAll(ours.families());
        Set<String> onlyOurs = new TreeSet<>(ours.families());
        onlyOurs.removeAll(flink.families());
        if (!onlyFlink.isEmpty()) {
            out.append("\nOnly in Flink's output: ").append(onlyFlink).append('\n');
        }
        if (!onlyOurs.isEmpty()) {
            out.append("\nOnly in our output: ").append(onlyOurs).append('\n');
        }
    }

    private void row(String name, String flink, String ours, String ratio) {
        out.append("| ").append(name).append(" | ").append(flink).append(" | ").append(ours)
                .append(" | ").append(ratio).append(" |\n");
    }

    static String sizeLabel(int size) {
        return size % 1000 == 0 ? size / 1000 + "k" : Integer.toString(size);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String ratio(double flink, double ours) {
        if (ours <= 0 || flink <= 0) {
            return "n/a";
        }
        return significant(flink / ours) + "×";
    }

    static String millis(double ms) {
        return ms >= 1 ? significant(ms) + " ms" : significant(ms * 1000) + " µs";
    }

    private static String micros(double us) {
        return significant(us) + " µs";
    }

    /** Decimal units: 1 KB = 1000 bytes. */
    static String bytes(double b) {
        double abs = Math.abs(b);
        if (abs >= 1e9) {
            return significant(b / 1e9) + " GB";
        }
        if (abs >= 1e6) {
            return significant(b / 1e6) + " MB";
        }
        if (abs >= 1e3) {
            return significant(b / 1e3) + " KB";
        }
        return significant(b) + " B";
    }

    /** Three significant digits, no exponent: 1234 → 1234, 12.34 → 12.3, 0.01234 → 0.0123. */
    static String significant(double v) {
        double abs = Math.abs(v);
        if (abs >= 100 || abs == 0) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        int decimals = 2 - (int) Math.floor(Math.log10(abs));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
