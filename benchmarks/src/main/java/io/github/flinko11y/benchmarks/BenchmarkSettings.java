package io.github.flinko11y.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to run, read from {@code bench.*} system properties (the Maven build passes them on).
 *
 * @param sizes approximate exported series per configuration, e.g. 1000, 10000, 100000
 * @param scrapes timed scrapes per reporter, size and encoding
 * @param warmupScrapes untimed scrapes before the timed ones
 * @param warmupSeconds warm-up also lasts at least this long, so small scrapes get JIT-compiled
 * @param warmupMaxSeconds warm-up goes on until the JIT has settled, but no longer than this
 * @param timedSeconds timed scrapes go on for at least this long (the process clock ticks in 10 ms)
 * @param registrationRounds timed registrations into fresh reporters; the median is reported
 * @param flinkScrapesLarge timed scrapes of Flink's reporter at 100k series and more; 0 means
 *     {@code scrapes}
 * @param spacedIntervalSeconds time from one spaced scrape to the next, as Prometheus spaces them;
 *     0 means no spaced scrapes
 * @param spacedScrapes timed spaced scrapes per reporter and size
 * @param output where the Markdown results are written
 */
record BenchmarkSettings(
        List<Integer> sizes,
        int scrapes,
        int warmupScrapes,
        double warmupSeconds,
        double warmupMaxSeconds,
        double timedSeconds,
        int registrationRounds,
        int flinkScrapesLarge,
        double spacedIntervalSeconds,
        int spacedScrapes,
        Path output) {

    static final int LARGE = 100_000;
    /** Spaced scrapes further apart than the exporter's 1 s cache of the CPU loads, or none. */
    static final double MIN_SPACED_INTERVAL_SECONDS = 1.5;

    static BenchmarkSettings fromSystemProperties() {
        return new BenchmarkSettings(
                parseSizes(System.getProperty("bench.sizes", "1k,10k,100k")),
                positive("bench.scrapes", System.getProperty("bench.scrapes", "50")),
                nonNegative("bench.warmup", System.getProperty("bench.warmup", "10")),
                Double.parseDouble(System.getProperty("bench.warmupSeconds", "2")),
                Double.parseDouble(System.getProperty("bench.warmupMaxSeconds", "60")),
                Double.parseDouble(System.getProperty("bench.timedSeconds", "3")),
                positive("bench.registrationRounds", System.getProperty("bench.registrationRounds", "5")),
                nonNegative("bench.flinkScrapesLarge", System.getProperty("bench.flinkScrapesLarge", "0")),
                spacedInterval(System.getProperty("bench.spacedInterval", "0")),
                nonNegative("bench.spacedScrapes", System.getProperty("bench.spacedScrapes", "10")),
                Path.of(System.getProperty("bench.output", "target/results.md")));
    }

    boolean spaced() {
        return spacedIntervalSeconds > 0 && spacedScrapes > 0;
    }

    int timedScrapes(boolean flinkReporter, int size) {
        return flinkReporter && size >= LARGE && flinkScrapesLarge > 0 ? flinkScrapesLarge : scrapes;
    }

    /** {@code 1k,10k,100k} or plain numbers. */
    static List<Integer> parseSizes(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            int factor = 1;
            if (p.endsWith("k")) {
                factor = 1000;
                p = p.substring(0, p.length() - 1);
            } else if (p.endsWith("m")) {
                factor = 1_000_000;
                p = p.substring(0, p.length() - 1);
            }
            try {
                int size = Math.multiplyExact(Integer.parseInt(p), factor);
                if (size < 100) {
                    throw new NumberFormatException();
                }
                sizes.add(size);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(
                        "bench.sizes: \"" + part.trim() + "\" is not a size of at least 100 series;"
                                + " use e.g. 1k,10k,100k");
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("bench.sizes is empty; use e.g. 1k,10k,100k");
        }
        return sizes;
    }

    private static double spacedInterval(String value) {
        double seconds;
        try {
            seconds = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds == 0 || seconds >= MIN_SPACED_INTERVAL_SECONDS) {
            return seconds;
        }
        throw new IllegalArgumentException(
                "bench.spacedInterval: \"" + value + "\" is not 0 (no spaced scrapes) or a number of seconds"
                        + " of at least " + MIN_SPACED_INTERVAL_SECONDS + " (longer than the exporter's 1 s"
                        + " cache of the CPU loads); use e.g. 15");
    }

    private static int positive(String key, String value) {
        int n = nonNegative(key, value);
        if (n == 0) {
            throw new IllegalArgumentException(key + ": must be at least 1");
        }
        return n;
    }

    private static int nonNegative(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": \"" + value + "\" is not a non-negative number");
    }
}
