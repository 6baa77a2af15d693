package io.github.flinko11y.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One shared recording rule as data: a metric, an operation and the level it keeps. The record name
 * ({@code level:metric:operation}) and the PromQL expression are derived here and nowhere else.
 */
public final class RecordingRule {

    /** What a rule computes from its metric. */
    public enum Operation {
        MAX, MIN, SUM, AVG,
        /** Seconds since a millisecond timestamp, only once the timestamp is positive (a first event happened). */
        AGE_SECONDS,
        /** Wall clock minus the lowest positive millisecond timestamp (an event-time watermark). */
        LAG_SECONDS,
        /** The metric divided by a denominator metric, series by series. */
        RATIO,
        /**
         * The pods of a Kubernetes pod-labels metric that {@code where} selects, their labels renamed
         * ({@code from}: kit label to pod label) to the kit's: the right side of every {@link #JOIN}.
         */
        INFO,
        /**
         * A Kubernetes series (kube-state-metrics, cAdvisor) of the pods the level's {@link #INFO} rule
         * holds, joined to their kit labels; other pods' series drop out.
         */
        JOIN;

        /** The name in record names and the catalog ({@code age_seconds}). */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Operation of(String key) {
            for (Operation op : values()) {
                if (op.key().equals(key)) {
                    return op;
                }
            }
            throw new CatalogException("catalog/" + RecordingRules.FILE + ": unknown operation \"" + key + "\"");
        }
    }

    private final Metric metric;
    private final Operation operation;
    private final Aggregation aggregation;
    private final Metric denominator;
    private final String level;
    private final Exclusion exclusion;
    private final String description;
    /** Label matchers of the input ({@code container="flink-main-container"}), as regular expressions. */
    private final Map<String, String> where;
    /** {@link Operation#INFO}: each kit label, from the input label that holds it. */
    private final Map<String, String> from;
    /** {@link Operation#JOIN}: the input's own labels kept besides the level's ({@code reason}). */
    private final List<String> keep;
    /** {@link Operation#JOIN}: the level's {@link Operation#INFO} rule; {@code null} for any other operation. */
    private final RecordingRule info;

    /**
     * Series left out of a rule: those whose subtask ({@code on}) has {@code metric} above
     * {@code aboveMillis} (an idle source keeps its last watermark).
     */
    public static final class Exclusion {
        private final Metric metric;
        private final long aboveMillis;
        private final List<String> on;

        Exclusion(Metric metric, long aboveMillis, List<String> on) {
            this.metric = metric;
            this.aboveMillis = aboveMillis;
            this.on = List.copyOf(on);
        }

        public Metric metric() {
            return metric;
        }

        String unless() {
            return " unless on (" + String.join(", ", on) + ") " + metric.name() + " > " + aboveMillis;
        }
    }

    RecordingRule(Metric metric, Operation operation, Aggregation aggregation, Metric denominator, String level,
            Exclusion exclusion, String description) {
        this(metric, operation, aggregation, denominator, level, exclusion, description, Map.of(), Map.of(), List.of(), null);
    }

    RecordingRule(Metric metric, Operation operation, Aggregation aggregation, Metric denominator, String level,
            Exclusion exclusion, String description, Map<String, String> where, Map<String, String> from,
            List<String> keep, RecordingRule info) {
        this.info = info;
        this.where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
        this.from = Collections.unmodifiableMap(new LinkedHashMap<>(from));
        this.keep = List.copyOf(keep);
        this.metric = metric;
        this.operation = operation;
        this.aggregation = aggregation;
        this.denominator = denominator;
        this.level = aggregation != null ? aggregation.level() : level;
        this.exclusion = exclusion;
        this.description = description;
    }

    public Metric metric() {
        return metric;
    }

    public Operation operation() {
        return operation;
    }

    /** The first part of the record name: the aggregation's level, or a ratio's own. */
    public String level() {
        return level;
    }

    /** The record name, {@code level:metric:operation}. */
    public String record() {
        return level + ":" + metric.name() + ":" + operation.key();
    }

    /** The labels the recorded series keep; empty for a ratio, which keeps every label of its inputs. */
    public List<String> keptLabels() {
        if (aggregation == null) {
            return List.of();
        }
        List<String> kept = new ArrayList<>(aggregation.labels());
        kept.addAll(keep);
        return List.copyOf(kept);
    }

    /** The aggregation level this rule keeps; {@code null} for a ratio. */
    Aggregation aggregation() {
        return aggregation;
    }

    /** An info or join rule: Kubernetes series brought to the kit's labels. */
    public boolean isKubernetesJoin() {
        return operation == Operation.INFO || operation == Operation.JOIN;
    }

    /** The catalog metrics the rule reads: its metric, the denominator of a ratio, an exclusion's metric. */
    public List<Metric> inputs() {
        List<Metric> inputs = new ArrayList<>();
        inputs.add(metric);
        if (denominator != null) {
            inputs.add(denominator);
        }
        if (exclusion != null) {
            inputs.add(exclusion.metric());
        }
        if (info != null) {
            inputs.add(info.metric());
        }
        return inputs;
    }

    public String description() {
        return description;
    }

    /** The PromQL expression. */
    public String expr() {
        String unless = exclusion == null ? "" : exclusion.unless();
        String m = selector() + unless;
        switch (operation) {
            case INFO:
                String renamed = selector();
                for (Map.Entry<String, String> label : from.entrySet()) {
                    renamed = "label_replace(" + renamed + ", \"" + label.getKey() + "\", \"$1\", \"" + label.getValue()
                            + "\", \"(.*)\")";
                }
                return "max by (" + aggregation.by() + ") (" + renamed + ")";
            case JOIN:
                List<String> on = new ArrayList<>(aggregation.labels());
                on.removeAll(info.from.keySet());
                List<String> by = new ArrayList<>(aggregation.labels());
                by.addAll(keep);
                return "max by (" + String.join(", ", by) + ") (" + m + " * on (" + String.join(", ", on)
                        + ") group_left (" + String.join(", ", info.from.keySet()) + ") " + info.record() + ")";
            case RATIO:
                return (exclusion == null ? m : "(" + m + ")") + " / " + denominator.name();
            case AGE_SECONDS:
                String latest = "max by (" + aggregation.by() + ") (" + m + ")";
                return "time() - " + latest + " / 1000 and " + latest + " > 0";
            case LAG_SECONDS:
                return "time() - min by (" + aggregation.by() + ") (" + metric.name() + " > 0" + unless + ") / 1000";
            default:
                return operation.key() + " by (" + aggregation.by() + ") (" + m + ")";
        }
    }

    private String selector() {
        if (where.isEmpty()) {
            return metric.name();
        }
        List<String> matchers = new ArrayList<>();
        where.forEach((label, regex) -> matchers.add(label + "=~\"" + regex + "\""));
        return metric.name() + "{" + String.join(", ", matchers) + "}";
    }

    Map<String, String> from() {
        return from;
    }
}
