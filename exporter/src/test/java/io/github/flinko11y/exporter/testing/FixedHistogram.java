package io.github.flinko11y.exporter.testing;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/** A histogram whose count and quantiles are what the test set: quantile q is {@code q * scale}. */
public final class FixedHistogram implements Histogram {

    private final long count;
    private final double scale;

    public FixedHistogram(long count, double scale) {
        this.count = count;
        this.scale = scale;
    }

    @Override
    public void update(long value) {}

    @Override
    public long getCount() {
        return count;
    }

    @Override
    public HistogramStatistics getStatistics() {
        return new HistogramStatistics() {
            @Override public double getQuantile(double quantile) { return quantile * scale; }
            @Override public long[] getValues() { return new long[0]; }
            @Override public int size() { return 0; }
            @Override public double getMean() { return 0; }
            @Override public double getStdDev() { return 0; }
            @Override public long getMax() { return 0; }
            @Override public long getMin() { return 0; }
        };
    }
}
