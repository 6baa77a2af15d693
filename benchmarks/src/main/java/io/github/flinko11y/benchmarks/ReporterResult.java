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
        Scrapes gzip) {

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
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
            return median / 1e6;
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
