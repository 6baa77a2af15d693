package io.github.flinko11y.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;

/**
 * What reading every value once through Flink's metric API costs without any reporter, split into
 * counters, meters and gauges (which every reporter must read one by one) and histograms ({@code
 * getCount}, {@code getStatistics} and six {@code getQuantile}, as Flink's reporter reads them).
 * Measured on the calling thread, whose CPU clock is precise.
 */
final class ValueReadFloor {

    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    record Result(Part scalars, Part histograms) {}

    /** Per pass over all metrics of one kind. */
    record Part(double cpuMillis, double allocatedBytes) {}

    private static volatile double sink;

    static Result measure(List<Registration> registrations, ValueChanger values, ProcessMeters meters,
            int passes, double warmupSeconds) {
        List<Metric> scalars = new ArrayList<>();
        List<Metric> histograms = new ArrayList<>();
        for (Registration r : registrations) {
            (r.metric() instanceof Histogram ? histograms : scalars).add(r.metric());
        }
        long deadline = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < 10 || (i < 2_000 && System.nanoTime() < deadline); i++) {
            values.advance();
            readAll(scalars);
            readAll(histograms);
        }
        long[] scalarCost = new long[2];
        long[] histogramCost = new long[2];
        for (int i = 0; i < passes; i++) {
            values.advance();
            timed(scalars, meters, scalarCost);
            timed(histograms, meters, histogramCost);
        }
        return new Result(
                new Part(scalarCost[0] / 1e6 / passes, (double) scalarCost[1] / passes),
                new Part(histogramCost[0] / 1e6 / passes, (double) histogramCost[1] / passes));
    }

    /** Adds the CPU nanoseconds and allocated bytes of one pass to {@code cost}. */
    private static void timed(List<Metric> metrics, ProcessMeters meters, long[] cost) {
        long cpuStart = meters.clientCpuNanos();
        long allocatedStart = meters.clientAllocatedBytes();
        readAll(metrics);
        cost[1] += meters.clientAllocatedBytes() - allocatedStart;
        cost[0] += meters.clientCpuNanos() - cpuStart;
    }

    private static void readAll(List<Metric> metrics) {
        double total = 0;
        for (int i = 0, n = metrics.size(); i < n; i++) {
            Metric metric = metrics.get(i);
            if (metric instanceof Counter) {
                total += ((Counter) metric).getCount();
            } else if (metric instanceof Meter) {
                total += ((Meter) metric).getRate();
            } else if (metric instanceof Histogram) {
                Histogram histogram = (Histogram) metric;
                total += histogram.getCount();
                HistogramStatistics statistics = histogram.getStatistics();
                for (double q : QUANTILES) {
                    total += statistics.getQuantile(q);
                }
            } else if (metric instanceof Gauge) {
                Object value = ((Gauge<?>) metric).getValue();
                total += value instanceof Number ? ((Number) value).doubleValue() : 1;
            }
        }
        sink = total;
    }
}
