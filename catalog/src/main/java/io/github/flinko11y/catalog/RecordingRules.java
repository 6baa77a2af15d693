package io.github.flinko11y.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code recording-rules.json}: the shared recording rules, one Prometheus rule group. */
public final class RecordingRules {

    static final String FILE = "recording-rules.json";

    private final String group;
    private final String interval;
    private final List<RecordingRule> rules;

    RecordingRules(String group, String interval, List<RecordingRule> rules) {
        this.group = group;
        this.interval = interval;
        this.rules = List.copyOf(rules);
        Set<String> records = new HashSet<>();
        for (RecordingRule rule : rules) {
            if (!records.add(rule.record())) {
                throw new CatalogException("catalog/" + FILE + ": two rules record \"" + rule.record()
                        + "\"; a metric, operation and level must be unique");
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
     * The rules as one Prometheus rule group ({@code name}, {@code interval}, {@code rules} of
     * {@code record}/{@code expr}), evaluated every {@code interval}; for the generated rule files
     * and for tests that need the rules evaluated faster.
     */
    public Map<String, Object> ruleGroup(String interval) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", this.group);
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

    /** {@link #ruleGroup(String)} at the catalog's own interval. */
    public Map<String, Object> ruleGroup() {
        return ruleGroup(interval);
    }
}
