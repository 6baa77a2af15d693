package io.github.flinko11y.exporter.testing;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/** A histogram whose count and quantiles are what the test set. */
public final class FixedHistogram implements Histogram {

    private final long count;
    private final double[] quantiles;
    private final double scale;

    /** Quantile q is {@code q * scale}. */
    public FixedHistogram(long count, double scale) {
        this(count, null, scale);
    }

    /** Quantile values for 0.5, 0.75, 0.95, 0.98, 0.99 and 0.999, in that order. */
    public FixedHistogram(long count, double[] quantiles) {
        this(count, quantiles, 0);
    }

    private FixedHistogram(long count, double[] quantiles, double scale) {
        this.count = count;
        this.quantiles = quantiles;
        this.scale = scale;
    }

    private static final double[] ORDER = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    @Override
    public void update(long value) {}

    @Override
    public long getCount() {
        return count;
    }

    @Override
    public HistogramStatistics getStatistics() {
        return new HistogramStatistics() {
            @Override
            public double getQuantile(double quantile) {
                if (quantiles == null) {
                    return quantile * scale;
                }
                for (int i = 0; i < ORDER.length; i++) {
                    if (ORDER[i] == quantile) {
                        return quantiles[i];
                    }
                }
                throw new IllegalArgumentException("unexpected quantile " + quantile);
            }

            @Override public long[] getValues() { return new long[0]; }
            @Override public int size() { return 0; }
            // Derived from the median so that modern summaries (sum, min, max) have values to check.
            @Override public double getMean() { return getQuantile(0.5); }
            @Override public double getStdDev() { return 0; }
            @Override public long getMax() { return (long) getQuantile(0.999); }
            @Override public long getMin() { return (long) getQuantile(0.5) / 2; }
        };
    }
}
