package io.github.flinko11y.exporter.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The sample names a family takes for itself, so that no other family exports them: two families
 * writing {@code x_count} lines with the same labels give Prometheus two values for one series, and
 * it silently keeps one.
 *
 * <p>Drop-in claims exactly what simpleclient's registry in Flink's reporter claims (a summary:
 * its name, {@code _count} and {@code _sum}; anything else: its name), so the same registrations
 * are refused. Modern also claims the {@code _total} and {@code _created} an OpenMetrics parser
 * reads as part of a counter or summary, and a summary's {@code _min} and {@code _max} families.
 */
final class ClaimedNames {

    private ClaimedNames() {}

    static List<String> of(String family, MetricKind.FamilyType type, Semantics semantics) {
        List<String> names = new ArrayList<>(6);
        names.add(family);
        boolean modern = semantics == Semantics.MODERN;
        if (type == MetricKind.FamilyType.SUMMARY) {
            names.add(family + "_count");
            names.add(family + "_sum");
            if (modern) {
                names.add(family + "_created");
                names.add(family + "_min");
                names.add(family + "_max");
            }
        } else if (type == MetricKind.FamilyType.COUNTER) {
            names.add(family + "_total");
            names.add(family + "_created");
        }
        return names;
    }
}
