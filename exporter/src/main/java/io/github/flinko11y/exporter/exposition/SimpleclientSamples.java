package io.github.flinko11y.exporter.exposition;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.registry.MetricFamily;
import io.github.flinko11y.exporter.registry.MetricKind;
import io.github.flinko11y.exporter.registry.Semantics;
import io.github.flinko11y.exporter.registry.Snapshot;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The same samples as {@link TextFormatWriter}, as simpleclient's model objects: the input for
 * simpleclient's own formats and push client, and the reference the fast writer is tested against.
 */
public final class SimpleclientSamples {

    private SimpleclientSamples() {}

    public static List<MetricFamilySamples> collect(Snapshot snapshot, ExporterStats stats, Semantics semantics) {
        boolean modern = semantics == Semantics.MODERN;
        MetricValues values = new MetricValues();
        List<MetricFamilySamples> families = new ArrayList<>(snapshot.familyCount());
        for (int f = 0; f < snapshot.familyCount(); f++) {
            MetricFamily family = snapshot.family(f);
            boolean summary = family.type() == MetricKind.FamilyType.SUMMARY;
            boolean counter = family.type() == MetricKind.FamilyType.COUNTER;
            String sampleName = counter ? family.name() + "_total" : family.name();
            List<Sample> samples = new ArrayList<>();
            List<Sample> mins = new ArrayList<>();
            List<Sample> maxs = new ArrayList<>();
            for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                try {
                    if (summary) {
                        addSummary(family, snapshot, s, values, modern, samples, mins, maxs);
                    } else if (values.readScalar(snapshot.metric(s), snapshot.kind(s))) {
                        LabelSet labels = snapshot.labels(s);
                        samples.add(new Sample(sampleName, names(labels), values(labels), values.value));
                    }
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable t) {
                    stats.metricReadErrors.increment();
                }
            }
            Collector.Type type = summary ? Collector.Type.SUMMARY : counter ? Collector.Type.COUNTER : Collector.Type.GAUGE;
            families.add(new MetricFamilySamples(family.name(), type, family.help(), samples));
            if (summary && modern) {
                families.add(new MetricFamilySamples(family.minName(), Collector.Type.GAUGE, family.minHelp(), mins));
                families.add(new MetricFamilySamples(family.maxName(), Collector.Type.GAUGE, family.maxHelp(), maxs));
            }
        }
        return families;
    }

    private static void addSummary(
            MetricFamily family,
            Snapshot snapshot,
            int series,
            MetricValues values,
            boolean modern,
            List<Sample> samples,
            List<Sample> mins,
            List<Sample> maxs) {
        if (!values.readHistogram(snapshot.metric(series), modern)) {
            return;
        }
        LabelSet labels = snapshot.labels(series);
        List<String> names = names(labels);
        List<String> labelValues = values(labels);
        samples.add(new Sample(family.name() + "_count", names, labelValues, values.count));
        if (modern) {
            samples.add(new Sample(family.name() + "_sum", names, labelValues, values.sum));
            mins.add(new Sample(family.minName(), names, labelValues, values.min));
            maxs.add(new Sample(family.maxName(), names, labelValues, values.max));
        }
        List<String> namesWithQuantile = new ArrayList<>(names);
        namesWithQuantile.add("quantile");
        for (int q = 0; q < MetricValues.QUANTILES.length; q++) {
            List<String> valuesWithQuantile = new ArrayList<>(labelValues);
            valuesWithQuantile.add(Double.toString(MetricValues.QUANTILES[q]));
            samples.add(new Sample(family.name(), namesWithQuantile, valuesWithQuantile, values.quantiles[q]));
        }
    }

    private static List<String> names(LabelSet labels) {
        String[] names = new String[labels.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = labels.name(i);
        }
        return Arrays.asList(names);
    }

    private static List<String> values(LabelSet labels) {
        String[] values = new String[labels.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels.value(i);
        }
        return Arrays.asList(values);
    }
}
