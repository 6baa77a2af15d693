package io.github.flinko11y.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code recording-rules.json}: the shared recording rules, one Prometheus rule group. */
public final class RecordingRules {

    static final String FILE = "recording-rules.json";

    private final String group;
    private final String joinGroup;
    private final String interval;
    private final List<RecordingRule> rules;

    RecordingRules(String group, String joinGroup, String interval, List<RecordingRule> rules) {
        this.group = group;
        this.joinGroup = joinGroup;
        this.interval = interval;
        this.rules = List.copyOf(rules);
        Set<String> records = new HashSet<>();
        for (RecordingRule rule : rules) {
            if (!records.add(rule.record())) {
                throw new CatalogException("catalog/" + FILE + ": two rules record \"" + rule.record()
                        + "\"; a metric, operation and level must be unique");
            }
        }
        for (RecordingRule rule : rules) {
            if (rule.operation() == RecordingRule.Operation.JOIN) {
                if (joinGroup == null) {
                    throw new CatalogException("catalog/" + FILE + ": rule \"" + rule.record() + "\" is a Kubernetes"
                            + " join: name their rule group in \"joinGroup\"");
                }
            }
        }
    }

    public String group() {
        return group;
    }

    public String interval() {
        return interval;
    }

    public List<RecordingRule> all() {
        return rules;
    }

    /**
     * The rule that applies {@code operation} to the metric with id {@code metricId} at {@code level}
     * (the first part of its record name: {@code job_name}, {@code tm_id}).
     */
    public RecordingRule find(String metricId, String operation, String level) {
        for (RecordingRule rule : rules) {
            if (rule.metric().id().equals(metricId) && rule.operation().key().equals(operation)
                    && rule.level().equals(level)) {
                return rule;
            }
        }
        throw new CatalogException("catalog/" + FILE + ": no rule applies \"" + operation + "\" to metric \""
                + metricId + "\" at level \"" + level + "\"; add it to \"rules\"");
    }

    /**
     * The rules as Prometheus rule groups ({@code name}, {@code interval}, {@code rules} of
     * {@code record}/{@code expr}), evaluated every {@code interval}: the Flink rules, then the
     * Kubernetes joins in {@code joinGroup} (rules of a group run in order: each info rule before
     * its joins). For the generated rule files and for tests that need the rules evaluated faster.
     */
    public List<Map<String, Object>> ruleGroups(String interval) {
        List<Map<String, Object>> groups = new ArrayList<>();
        groups.add(group(group, interval, rules.stream().filter(r -> !r.isKubernetesJoin()).collect(Collectors.toList())));
        List<RecordingRule> joins = rules.stream().filter(RecordingRule::isKubernetesJoin).collect(Collectors.toList());
        if (!joins.isEmpty()) {
            groups.add(group(joinGroup, interval, joins));
        }
        return groups;
    }

    /** {@link #ruleGroups(String)} at the catalog's own interval. */
    public List<Map<String, Object>> ruleGroups() {
        return ruleGroups(interval);
    }

    private static Map<String, Object> group(String name, String interval, List<RecordingRule> rules) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        group.put("interval", interval);
        List<Map<String, Object>> list = new ArrayList<>();
        for (RecordingRule rule : rules) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("record", rule.record());
            r.put("expr", rule.expr());
            list.add(r);
        }
        group.put("rules", list);
        return group;
    }
}
