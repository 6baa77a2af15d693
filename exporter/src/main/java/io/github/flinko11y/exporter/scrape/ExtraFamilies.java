package io.github.flinko11y.exporter.scrape;

import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.List;

/**
 * Families served after Flink's own (JVM statistics, the exporter's self-metrics): a few hundred
 * samples at most, so they go through simpleclient's model and formats as they are.
 */
public interface ExtraFamilies {

    /** The families to add to the scrape being prepared; must not throw. */
    List<MetricFamilySamples> collect(ScrapeFigures figures);
}
