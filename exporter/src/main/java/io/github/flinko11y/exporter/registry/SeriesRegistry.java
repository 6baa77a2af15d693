package io.github.flinko11y.exporter.registry;

import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.naming.PrometheusNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Metric;

/**
 * The exported families and their series. Registration, removal and taking a {@link Snapshot}
 * hold one short lock; nothing here reads a metric value.
 *
 * <p>Each series keeps its own labels, so one name registered with different variable sets
 * (FLINK-32649) is exported with the right labels for each series.
 */
public final class SeriesRegistry {

    /** What happened to a registration. */
    public enum Outcome {
        ADDED,
        /** Same name and labels as a live series: kept, exported when that one is removed. */
        SHADOWED,
        /** The name is already exported with another Prometheus type; not exported. */
        TYPE_CONFLICT,
        /**
         * A sample name of the new family is already another family's (a gauge {@code x_count}
         * beside a histogram {@code x}); the first family keeps it and this one is not exported.
         */
        NAME_CONFLICT
    }

    public SeriesRegistry() {
        this(Semantics.FLINK, 0);
    }

    public SeriesRegistry(Semantics semantics, int maxLines) {
        this.semantics = semantics;
        this.maxLines = maxLines;
    }

    /** Sorted, so families come out in a stable order. */
    private final TreeMap<String, MetricFamily> families = new TreeMap<>();

    /** Every sample name a family claims ({@link ClaimedNames}), with the family. */
    private final Map<String, MetricFamily> claims = new HashMap<>();

    /** Interned label sets with the number of series using each. */
    private final Map<LabelSet, LabelSetUse> labelSets = new HashMap<>();

    private final Semantics semantics;

    /** Cap on exported sample lines, 0 for none. */
    private final int maxLines;

    private int exportedSeries;

    /** The last snapshot taken; dropped by every change, so scrapes of a stable set share it. */
    private Snapshot snapshot;

    private static final class LabelSetUse {
        final LabelSet labels;
        int uses;

        LabelSetUse(LabelSet labels) {
            this.labels = labels;
        }
    }

    /**
     * Adds the series of {@code metric}. The HELP text is built from {@code scope} and {@code
     * metricName} only when the family is new: most registrations join an existing family.
     */
    public synchronized Outcome add(
            String familyName,
            String scope,
            String metricName,
            LabelSet labels,
            Metric metric,
            MetricKind kind) {
        MetricFamily family = families.get(familyName);
        if (family == null) {
            List<String> names = ClaimedNames.of(familyName, semantics.familyType(kind), semantics);
            if (claimant(names) != null) {
                return Outcome.NAME_CONFLICT;
            }
            family = new MetricFamily(familyName, PrometheusNames.help(scope, metricName), semantics.familyType(kind));
            families.put(familyName, family);
            for (String name : names) {
                claims.put(name, family);
            }
        } else if (family.type() != semantics.familyType(kind)) {
            return Outcome.TYPE_CONFLICT;
        }
        snapshot = null;
        LabelSetUse use = labelSets.computeIfAbsent(labels, LabelSetUse::new);
        use.uses++;
        Series series = new Series(metric, kind, use.labels);
        Series head = family.series.putIfAbsent(use.labels, series);
        if (head == null) {
            exportedSeries++;
            return Outcome.ADDED;
        }
        while (head.shadowed != null) {
            head = head.shadowed;
        }
        head.shadowed = series;
        return Outcome.SHADOWED;
    }

    /** Removes the series of {@code metric}; false when it was never added (or already removed). */
    public synchronized boolean remove(String familyName, LabelSet labels, Metric metric) {
        MetricFamily family = families.get(familyName);
        if (family == null) {
            return false;
        }
        Series head = family.series.get(labels);
        if (head == null) {
            return false;
        }
        snapshot = null;
        if (head.metric() == metric) {
            if (head.shadowed != null) {
                family.series.put(labels, head.shadowed);
            } else {
                family.series.remove(labels);
                exportedSeries--;
                if (family.series.isEmpty()) {
                    families.remove(familyName);
                    for (String name : ClaimedNames.of(familyName, family.type(), semantics)) {
                        claims.remove(name);
                    }
                }
            }
        } else {
            Series previous = head;
            while (previous.shadowed != null && previous.shadowed.metric() != metric) {
                previous = previous.shadowed;
            }
            if (previous.shadowed == null) {
                return false;
            }
            previous.shadowed = previous.shadowed.shadowed;
        }
        release(head.labels());
        return true;
    }

    /**
     * The family that already exports a sample name a new family {@code familyName} of {@code kind}
     * would; null when there is none.
     */
    public synchronized String claimant(String familyName, MetricKind kind) {
        if (families.containsKey(familyName)) {
            return null;
        }
        MetricFamily owner = claimant(ClaimedNames.of(familyName, semantics.familyType(kind), semantics));
        return owner == null ? null : owner.name();
    }

    private MetricFamily claimant(List<String> names) {
        for (String name : names) {
            MetricFamily owner = claims.get(name);
            if (owner != null) {
                return owner;
            }
        }
        return null;
    }

    private void release(LabelSet labels) {
        LabelSetUse use = labelSets.get(labels);
        if (use != null && --use.uses == 0) {
            labelSets.remove(labels);
        }
    }

    public synchronized Snapshot snapshot() {
        if (snapshot == null) {
            snapshot = takeSnapshot();
        }
        return snapshot;
    }

    private Snapshot takeSnapshot() {
        boolean[] kept = maxLines > 0 ? SeriesCap.select(families.values(), semantics, maxLines) : null;
        int count = exportedSeries;
        if (kept != null) {
            count = 0;
            for (boolean k : kept) {
                count += k ? 1 : 0;
            }
        }
        MetricFamily[] familyArray = new MetricFamily[families.size()];
        int[] familyEnds = new int[familyArray.length];
        Series[] exported = new Series[count];
        int f = 0;
        int s = 0;
        int position = 0;
        long droppedLines = 0;
        for (MetricFamily family : families.values()) {
            familyArray[f] = family;
            for (Series series : family.series.values()) {
                if (kept == null || kept[position++]) {
                    exported[s++] = series;
                } else {
                    droppedLines += semantics.lines(series.kind());
                }
            }
            familyEnds[f++] = s;
        }
        return new Snapshot(familyArray, familyEnds, exported, droppedLines);
    }

    /** Series currently exported (shadowed duplicates not counted). */
    public synchronized int exportedSeriesCount() {
        return exportedSeries;
    }

    public synchronized int familyCount() {
        return families.size();
    }

    /** Distinct label sets held; returns to its baseline when metric groups are closed. */
    public synchronized int labelSetCount() {
        return labelSets.size();
    }

    public synchronized void clear() {
        snapshot = null;
        families.clear();
        claims.clear();
        labelSets.clear();
        exportedSeries = 0;
    }
}
