package io.github.flinko11y.exporter.exposition;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.registry.MetricFamily;
import io.github.flinko11y.exporter.registry.MetricKind;
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

    public static List<MetricFamilySamples> collect(Snapshot snapshot, ExporterStats stats) {
        MetricValues values = new MetricValues();
        List<MetricFamilySamples> families = new ArrayList<>(snapshot.familyCount());
        for (int f = 0; f < snapshot.familyCount(); f++) {
            MetricFamily family = snapshot.family(f);
            boolean summary = family.type() == MetricKind.FamilyType.SUMMARY;
            List<Sample> samples = new ArrayList<>();
            for (int s = snapshot.familyStart(f); s < snapshot.familyEnd(f); s++) {
                try {
                    if (summary) {
                        addSummary(family, snapshot, s, values, samples);
                    } else if (values.readScalar(snapshot.metric(s), snapshot.kind(s))) {
                        LabelSet labels = snapshot.labels(s);
                        samples.add(new Sample(family.name(), names(labels), values(labels), values.value));
                    }
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable t) {
                    stats.metricReadErrors.increment();
                }
            }
            families.add(
                    new MetricFamilySamples(
                            family.name(),
                            summary ? Collector.Type.SUMMARY : Collector.Type.GAUGE,
                            family.help(),
                            samples));
        }
        return families;
    }

    private static void addSummary(
            MetricFamily family, Snapshot snapshot, int series, MetricValues values, List<Sample> samples) {
        if (!values.readHistogram(snapshot.metric(series))) {
            return;
        }
        LabelSet labels = snapshot.labels(series);
        List<String> names = names(labels);
        List<String> labelValues = values(labels);
        samples.add(new Sample(family.name() + "_count", names, labelValues, values.count));
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
