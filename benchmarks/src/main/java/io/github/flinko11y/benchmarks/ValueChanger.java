package io.github.flinko11y.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.View;

/**
 * Moves every metric between two scrapes, so that no reporter could get away with cached values:
 * counters grow, histograms get new samples, views (meters, Flink's timer gauges) are updated as
 * Flink's view updater would, and the benchmark's own gauges read a value that changes.
 */
final class ValueChanger {

    private final Random random;
    private final List<Counter> counters = new ArrayList<>();
    private final List<Histogram> histograms = new ArrayList<>();
    private final List<View> views = new ArrayList<>();
    private long tick;

    ValueChanger(Random random) {
        this.random = random;
    }

    /** A gauge of this hierarchy: {@code scale} times a number that grows with every scrape. */
    Gauge<Long> gauge(long scale) {
        long offset = random.nextInt(1000);
        return () -> scale * tick + offset;
    }

    /** A usage ratio between 0 and 1 that changes with every scrape. */
    Gauge<Double> doubleGauge() {
        int phase = random.nextInt(100);
        return () -> ((tick + phase) % 100) / 100.0;
    }

    Gauge<Boolean> booleanGauge() {
        return () -> (tick & 1) == 0;
    }

    /** Finds what can be moved among the registered metrics. */
    void collect(List<Registration> registrations) {
        for (Registration r : registrations) {
            if (r.metric() instanceof Counter) {
                counters.add((Counter) r.metric());
            } else if (r.metric() instanceof Histogram) {
                histograms.add((Histogram) r.metric());
            }
            if (r.metric() instanceof View) {
                views.add((View) r.metric());
            }
        }
    }

    /** Called before every scrape, on the client thread. */
    void advance() {
        tick++;
        for (int i = 0; i < counters.size(); i++) {
            counters.get(i).inc(1 + (i & 7));
        }
        for (Histogram histogram : histograms) {
            for (int i = 0; i < 4; i++) {
                histogram.update(random.nextInt(1000));
            }
        }
        for (View view : views) {
            view.update();
        }
    }
}
