package io.github.flinko11y.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code labels.json}, the kit's label configuration (kubernetes-mixin's {@code _config}): every
 * label name a rule, a dashboard, a scrape config or an Alertmanager route uses comes from here.
 */
public final class Labels {

    static final String FILE = "labels.json";

    private final String scrapeJob;
    private final Map<String, String> targetLabels;
    private final Map<String, List<String>> labelSets;
    private final List<String> clusterKey;
    private final Map<String, Aggregation> aggregations;
    private final List<String> notificationKey;

    Labels(String scrapeJob, Map<String, String> targetLabels, Map<String, List<String>> labelSets,
            List<String> clusterKeyRoles, Map<String, List<String>> aggregationBy, Map<String, String> aggregationLevels,
            List<String> notificationGroupBy) {
        this.scrapeJob = scrapeJob;
        this.targetLabels = Collections.unmodifiableMap(new LinkedHashMap<>(targetLabels));
        this.labelSets = Collections.unmodifiableMap(new LinkedHashMap<>(labelSets));
        List<String> key = new ArrayList<>();
        for (String role : clusterKeyRoles) {
            key.add(targetLabels.get(role));
        }
        this.clusterKey = List.copyOf(key);
        Set<String> known = new LinkedHashSet<>(targetLabels.values());
        labelSets.values().forEach(known::addAll);
        this.aggregations = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : aggregationBy.entrySet()) {
            List<String> labels = new ArrayList<>(clusterKey);
            for (String label : entry.getValue()) {
                requireKnown(known, label, "aggregations." + entry.getKey() + ".by");
                labels.add(label);
            }
            aggregations.put(entry.getKey(), new Aggregation(entry.getKey(), aggregationLevels.get(entry.getKey()), labels));
        }
        List<String> notification = new ArrayList<>(clusterKey);
        for (String label : notificationGroupBy) {
            requireKnown(known, label, "notifications.groupBy");
            notification.add(label);
        }
        this.notificationKey = List.copyOf(notification);
    }

    private static void requireKnown(Set<String> known, String label, String where) {
        if (!known.contains(label)) {
            throw new CatalogException("catalog/" + FILE + ": " + where + " names label \"" + label
                    + "\", which is neither a target label nor in any labelSets entry; add it there or fix the name");
        }
    }

    /** The Prometheus scrape job of the Flink targets ({@code up{job="..."}}). */
    public String scrapeJob() {
        return scrapeJob;
    }

    /** The label our scrape configs add for a role: {@code namespace}, {@code cluster} (the Flink cluster id) or {@code pod}. */
    public String target(String role) {
        String label = targetLabels.get(role);
        if (label == null) {
            throw new CatalogException("catalog/" + FILE + ": \"targetLabels\" has no role \"" + role + "\" (has "
                    + targetLabels.keySet() + ")");
        }
        return label;
    }

    /** Every target label our scrape configs add. */
    public Set<String> targets() {
        return new LinkedHashSet<>(targetLabels.values());
    }

    /** Flink's label names for a metric scope ({@code job} → host, job_id, job_name). */
    public List<String> labelSet(String scope) {
        List<String> set = labelSets.get(scope);
        if (set == null) {
            throw new CatalogException("catalog/" + FILE + ": no labelSets entry \"" + scope + "\" (has "
                    + labelSets.keySet() + ")");
        }
        return set;
    }

    public boolean hasLabelSet(String scope) {
        return labelSets.containsKey(scope);
    }

    /**
     * A label name, checked to be a target label or in a label set, so a rename in {@code labels.json}
     * fails generation instead of producing a rule that never matches.
     */
    public String label(String name) {
        if (!targetLabels.containsValue(name) && labelSets.values().stream().noneMatch(set -> set.contains(name))) {
            throw new CatalogException("catalog/" + FILE + ": label \"" + name
                    + "\" is neither a target label nor in any labelSets entry; add it there or fix the name");
        }
        return name;
    }

    /** The labels that identify one Flink cluster ({@code namespace, cluster}). */
    public List<String> clusterKey() {
        return clusterKey;
    }

    public Aggregation aggregation(String name) {
        Aggregation aggregation = aggregations.get(name);
        if (aggregation == null) {
            throw new CatalogException("catalog/" + FILE + ": no aggregation \"" + name + "\" (has "
                    + aggregations.keySet() + ")");
        }
        return aggregation;
    }

    public boolean hasAggregation(String name) {
        return aggregations.containsKey(name);
    }

    /**
     * The labels one Alertmanager notification is for, besides the alert name: the cluster key and
     * {@code notifications.groupBy}. A job-down alert inhibits symptoms equal on these labels.
     */
    public List<String> notificationKey() {
        return notificationKey;
    }

    /** A Prometheus template of a label's value in an alert: {@code {{ $labels.job_name }}}. */
    public String template(String label) {
        return "{{ $labels." + label(label) + " }}";
    }
}
