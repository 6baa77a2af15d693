package io.github.flinko11y.benchmarks;

import java.util.Arrays;
import java.util.Set;

/** Everything measured for one reporter at one hierarchy size. */
record ReporterResult(
        String label,
        long exportedSeries,
        Set<String> families,
        long registrationCalls,
        long registrationNanos,
        long heapBeforeRegistration,
        long heapAfterRegistration,
        long heapAfterScrapes,
        Scrapes plain,
        Scrapes gzip,
        Spaced spaced) {

    ReporterResult withSpaced(Spaced scrapes) {
        return new ReporterResult(label, exportedSeries, families, registrationCalls, registrationNanos,
                heapBeforeRegistration, heapAfterRegistration, heapAfterScrapes, plain, gzip, scrapes);
    }

    /**
     * Plain scrapes spaced as Prometheus spaces them, each timed on its own. {@code cpuNanos}: the
     * reporter's threads' CPU over the whole interval up to the scrape plus the other threads' (GC,
     * JIT, the JVM's own) from the request to a settling time after it, less the other threads'
     * idle rate over as long; {@code reporterIdleNanos}: the reporter's threads' CPU between the
     * scrapes, summed (part of {@code cpuNanos}); {@code othersIdleShare}: the other threads' CPU
     * between the scrapes as a share of one core (subtracted).
     */
    record Spaced(
            long[] latencyNanos, long[] cpuNanos, long reporterIdleNanos, double intervalSeconds,
            double othersIdleShare) {
        static final Spaced NONE = new Spaced(new long[0], new long[0], 0, 0, 0);

        int count() {
            return cpuNanos.length;
        }

        double medianCpuMillis() {
            return median(cpuNanos) / 1e6;
        }

        double meanCpuMillis() {
            return Arrays.stream(cpuNanos).average().orElse(0) / 1e6;
        }

        double minCpuMillis() {
            return Arrays.stream(cpuNanos).min().orElse(0) / 1e6;
        }

        double maxCpuMillis() {
            return Arrays.stream(cpuNanos).max().orElse(0) / 1e6;
        }

        double reporterIdleMillisPerScrape() {
            return count() == 0 ? 0 : reporterIdleNanos / 1e6 / count();
        }

        double medianLatencyMillis() {
            return median(latencyNanos) / 1e6;
        }
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /**
     * The timed scrapes of one encoding. {@code cpuNanos}: the whole process but the client thread;
     * {@code handlerCpuNanos}: the reporter's HTTP handler threads; {@code compilerCpuNanos}: the JIT
     * compiler threads' CPU meanwhile (part of {@code cpuNanos}).
     */
    record Scrapes(
            long[] latencyNanos, long cpuNanos, long handlerCpuNanos, long compilerCpuNanos,
            long allocatedBytes, long bodyBytes) {
        int count() {
            return latencyNanos.length;
        }

        double medianMillis() {
            return median(latencyNanos) / 1e6;
        }

        double minMillis() {
            return Arrays.stream(latencyNanos).min().orElse(0) / 1e6;
        }

        double maxMillis() {
            return Arrays.stream(latencyNanos).max().orElse(0) / 1e6;
        }

        double cpuMillisPerScrape() {
            return cpuNanos / 1e6 / count();
        }

        double handlerCpuMillisPerScrape() {
            return handlerCpuNanos / 1e6 / count();
        }

        double compilerCpuMillisPerScrape() {
            return compilerCpuNanos / 1e6 / count();
        }

        double allocatedBytesPerScrape() {
            return (double) allocatedBytes / count();
        }
    }

    double heapBytesPerSeries() {
        return (double) (heapAfterRegistration - heapBeforeRegistration) / exportedSeries;
    }

    double heapAfterScrapesBytesPerSeries() {
        return (double) (heapAfterScrapes - heapBeforeRegistration) / exportedSeries;
    }

    double registrationMicrosPerSeries() {
        return registrationNanos / 1e3 / exportedSeries;
    }
}
