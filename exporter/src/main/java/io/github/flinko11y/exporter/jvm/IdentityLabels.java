package io.github.flinko11y.exporter.jvm;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The process identity labels ({@code component}, {@code host}, {@code tm_id}) in that order, as
 * {@link ProcessIdentity} last rendered them; values are final (already sanitised). Immutable.
 */
public final class IdentityLabels {

    public static final String COMPONENT = "component";
    public static final String HOST = "host";
    public static final String TM_ID = "tm_id";

    public static final IdentityLabels NONE = new IdentityLabels(Collections.emptyList(), Collections.emptyList());

    private final List<String> names;
    private final List<String> values;

    private IdentityLabels(List<String> names, List<String> values) {
        this.names = names;
        this.values = values;
    }

    /** A null value leaves that label out. */
    static IdentityLabels of(String component, String host, String tmId) {
        List<String> names = new ArrayList<>(3);
        List<String> values = new ArrayList<>(3);
        add(names, values, COMPONENT, component);
        add(names, values, HOST, host);
        add(names, values, TM_ID, tmId);
        return new IdentityLabels(Collections.unmodifiableList(names), Collections.unmodifiableList(values));
    }

    private static void add(List<String> names, List<String> values, String name, String value) {
        if (value != null) {
            names.add(name);
            values.add(value);
        }
    }

    public List<String> names() {
        return names;
    }

    public List<String> values() {
        return values;
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /**
     * The families with these labels appended to every sample. A sample that already has a label of
     * the same name (a Micrometer tag) keeps its own and goes without ours, so no sample ever has a
     * label twice.
     */
    List<MetricFamilySamples> appendTo(List<MetricFamilySamples> families) {
        if (isEmpty()) {
            return families;
        }
        List<MetricFamilySamples> labelled = new ArrayList<>(families.size());
        for (MetricFamilySamples family : families) {
            List<Sample> samples = new ArrayList<>(family.samples.size());
            for (Sample sample : family.samples) {
                samples.add(append(sample));
            }
            labelled.add(new MetricFamilySamples(family.name, family.unit, family.type, family.help, samples));
        }
        return labelled;
    }

    private Sample append(Sample sample) {
        int n = sample.labelNames.size();
        String[] labelNames = sample.labelNames.toArray(new String[n + names.size()]);
        String[] labelValues = sample.labelValues.toArray(new String[n + names.size()]);
        int size = n;
        for (int i = 0; i < names.size(); i++) {
            if (!sample.labelNames.contains(names.get(i))) {
                labelNames[size] = names.get(i);
                labelValues[size] = values.get(i);
                size++;
            }
        }
        return new Sample(
                sample.name,
                Arrays.asList(labelNames).subList(0, size),
                Arrays.asList(labelValues).subList(0, size),
                sample.value,
                sample.exemplar,
                sample.timestampMs);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : ",").append(names.get(i)).append("=\"").append(values.get(i)).append('"');
        }
        return out.append('}').toString();
    }
}
