package io.github.flinko11y.alerts.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alerting rule. {@code summary} is static; {@code description} is a Prometheus template that
 * names the job, task or pod ({@code {{ $labels.job_name }}}); the {@code runbook_url} is added by
 * {@link Runbooks#url}, never written by hand.
 */
public record Alert(String name, Severity severity, String expr, String forDuration, String summary,
        String description, Inhibition inhibition, List<Supersession> supersedes, Map<String, String> extraLabels) {

    /**
     * While this alert fires, Alertmanager silences alert {@code target} for the same job (or the same
     * cluster, when {@code clusterWide}): the two have one cause and this one names it.
     */
    public record Supersession(String target, boolean clusterWide) {}

    public Alert {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity of " + name);
        Objects.requireNonNull(expr, "expr of " + name);
        Objects.requireNonNull(forDuration, "for of " + name);
        Objects.requireNonNull(summary, "summary of " + name);
        Objects.requireNonNull(description, "description of " + name);
        Objects.requireNonNull(inhibition, "inhibition of " + name);
        supersedes = List.copyOf(supersedes);
        extraLabels = new LinkedHashMap<>(extraLabels);
    }

    /** This alert with another {@code for:} (a user's per-alert override). */
    public Alert withFor(String duration) {
        return new Alert(name, severity, expr, duration, summary, description, inhibition, supersedes, extraLabels);
    }

    /** This alert with one more label: which copy of an alert a user's overrides made. */
    public Alert withLabel(String label, String value) {
        Map<String, String> more = new LinkedHashMap<>(extraLabels);
        more.put(label, value);
        return new Alert(name, severity, expr, forDuration, summary, description, inhibition, supersedes, more);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public Map<String, String> labels() {
        if (extraLabels.isEmpty()) {
            return Map.of("severity", severity.label());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("severity", severity.label());
        labels.putAll(extraLabels);
        return labels;
    }

    public Map<String, String> annotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("runbook_url", Runbooks.url(name));
        return annotations;
    }

    /** The rule as Prometheus and the Loki ruler read it. */
    public Map<String, Object> toRule() {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", name);
        rule.put("expr", expr);
        rule.put("for", forDuration);
        rule.put("labels", labels());
        rule.put("annotations", annotations());
        return rule;
    }

    /** Builds an alert; {@link #build} fails naming the alert and the missing field. */
    public static final class Builder {
        private final String name;
        private Severity severity;
        private String expr;
        private String forDuration;
        private String summary;
        private String description;
        private Inhibition inhibition = Inhibition.NONE;
        private final List<Supersession> supersedes = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder expr(String expr) {
            this.expr = expr;
            return this;
        }

        public Builder forDuration(String forDuration) {
            this.forDuration = forDuration;
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder inhibition(Inhibition inhibition) {
            this.inhibition = inhibition;
            return this;
        }

        /** Silences {@code alert} of the same job while this one fires. */
        public Builder supersedesForTheJob(String alert) {
            supersedes.add(new Supersession(alert, false));
            return this;
        }

        /** Silences each of {@code alerts} anywhere in the same Flink cluster while this one fires. */
        public Builder supersedesInTheCluster(String... alerts) {
            for (String alert : alerts) {
                supersedes.add(new Supersession(alert, true));
            }
            return this;
        }

        public Alert build() {
            return new Alert(name, severity, expr, forDuration, summary, description, inhibition, supersedes, Map.of());
        }
    }
}
