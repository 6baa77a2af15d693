package io.github.flinko11y.exporter.exposition;

import io.github.flinko11y.exporter.registry.MetricKind;
import io.github.flinko11y.exporter.registry.Semantics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;

/**
 * Reads the current value of a series, leniently. A gauge that returns null or something that is
 * not a number or boolean has no value: its sample is left out rather than exported as a made-up 0
 * (Flink's reporter exports 0, which reads as a real value in alerts and dashboards).
 */
final class MetricValues {

    /** Quantiles of Flink's reporter, with their label values as {@code Double.toString} gives. */
    static final double[] QUANTILES = Semantics.quantiles();

    /** The value read by the last successful {@link #readScalar} call. */
    double value;

    /** Count and quantiles read by the last successful {@link #readHistogram} call. */
    long count;
    final double[] quantiles = new double[QUANTILES.length];

    /** Sum (count x window mean), window minimum and maximum, read when asked for. */
    double sum;
    double min;
    double max;

    /** Reads a counter, meter or gauge; false when it has no numeric value. May throw. */
    boolean readScalar(Metric metric, MetricKind kind) {
        switch (kind) {
            case COUNTER:
                value = ((Counter) metric).getCount();
                return true;
            case METER:
                value = ((Meter) metric).getRate();
                return true;
            case GAUGE:
                return readGauge((Gauge<?>) metric);
            default:
                return false;
        }
    }

    private boolean readGauge(Gauge<?> gauge) {
        Object v = gauge.getValue();
        if (v instanceof Number) {
            value = ((Number) v).doubleValue();
            return true;
        }
        if (v instanceof Boolean) {
            value = ((Boolean) v) ? 1 : 0;
            return true;
        }
        return false;
    }

    /**
     * Reads a histogram's count and quantiles through Flink's public API; with {@code extended} also
     * sum, min and max. False when it has no statistics. May throw.
     */
    boolean readHistogram(Metric metric, boolean extended) {
        Histogram histogram = (Histogram) metric;
        long c = histogram.getCount();
        HistogramStatistics statistics = histogram.getStatistics();
        if (statistics == null) {
            return false;
        }
        FlinkHistogramQuantiles.read(statistics, QUANTILES, quantiles);
        if (extended) {
            // Flink keeps no running sum; the window's mean times the count is the estimate every
            // summary consumer can use (rate(_sum) / rate(_count) gives the recent mean).
            sum = c == 0 ? 0 : statistics.getMean() * c;
            min = statistics.getMin();
            max = statistics.getMax();
        }
        count = c;
        return true;
    }
}
