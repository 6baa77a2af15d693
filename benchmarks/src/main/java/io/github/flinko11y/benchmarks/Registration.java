package io.github.flinko11y.benchmarks;

import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;

/**
 * One {@code notifyOfAddedMetric} call exactly as Flink's {@code MetricRegistryImpl} made it: the
 * group is the per-reporter {@code FrontMetricGroup} the registry created.
 */
record Registration(Metric metric, String name, MetricGroup group) {}
