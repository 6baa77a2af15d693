package io.github.flinko11y.alerts.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's {@code catalog/}: metric names, thresholds, {@code for:} durations and the shared
 * recording rules. Every lookup of something the catalog does not have fails with the file and key to
 * add, so a rule can never be generated from a name that is not written down there.
 */
public final class Catalog {

    static final String METRICS_FILE = "flink-metrics.json";
    static final String THRESHOLDS_FILE = "thresholds.json";
    static final String RECORDING_RULES_FILE = "recording-rules.json";

    private final String scrapeJob;
    private final Map<String, String> targetLabels;
    private final Map<String, String> metricNames;
    private final Map<String, JsonNode> thresholds;
    private final List<Threshold> thresholdList;
    private final Map<String, String> forDurations;
    private final String recordingGroup;
    private final String recordingInterval;
    private final List<RecordingRule> recordingRules;

    private Catalog(JsonNode metrics, JsonNode thresholdsFile, JsonNode recording) {
        this.scrapeJob = required(metrics, "scrapeJob", METRICS_FILE).asText();
        this.targetLabels = new LinkedHashMap<>();
        required(metrics, "targetLabels", METRICS_FILE).fields()
                .forEachRemaining(e -> targetLabels.put(e.getKey(), e.getValue().asText()));
        this.metricNames = new LinkedHashMap<>();
        for (JsonNode metric : required(metrics, "metrics", METRICS_FILE)) {
            metricNames.put(required(metric, "id", METRICS_FILE).asText(),
                    required(metric, "name", METRICS_FILE).asText());
        }
        this.thresholds = new LinkedHashMap<>();
        this.thresholdList = new ArrayList<>();
        for (JsonNode threshold : required(thresholdsFile, "thresholds", THRESHOLDS_FILE)) {
            String id = required(threshold, "id", THRESHOLDS_FILE).asText();
            JsonNode value = required(threshold, "value", THRESHOLDS_FILE);
            thresholds.put(id, value);
            thresholdList.add(new Threshold(id, value.asText(), threshold.path("description").asText()));
        }
        this.forDurations = new LinkedHashMap<>();
        required(thresholdsFile, "forDurations", THRESHOLDS_FILE).fields()
                .forEachRemaining(e -> forDurations.put(e.getKey(), e.getValue().asText()));
        this.recordingGroup = required(recording, "group", RECORDING_RULES_FILE).asText();
        this.recordingInterval = required(recording, "interval", RECORDING_RULES_FILE).asText();
        this.recordingRules = new ArrayList<>();
        for (JsonNode rule : required(recording, "rules", RECORDING_RULES_FILE)) {
            recordingRules.add(new RecordingRule(required(rule, "record", RECORDING_RULES_FILE).asText(),
                    required(rule, "expr", RECORDING_RULES_FILE).asText(),
                    required(rule, "description", RECORDING_RULES_FILE).asText()));
        }
    }

    /** Reads {@code catalog/} of the repository whose root is {@code repositoryRoot}. */
    public static Catalog load(Path repositoryRoot) {
        Path dir = repositoryRoot.resolve("catalog");
        return new Catalog(read(dir.resolve(METRICS_FILE)), read(dir.resolve(THRESHOLDS_FILE)),
                read(dir.resolve(RECORDING_RULES_FILE)));
    }

    /** The Prometheus scrape job of the Flink targets ({@code up{job="..."}}). */
    public String scrapeJob() {
        return scrapeJob;
    }

    /**
     * The name of a label our scrape configs add to every Flink target, by role ({@code namespace},
     * {@code cluster}, {@code pod}).
     */
    public String targetLabel(String role) {
        String label = targetLabels.get(role);
        if (label == null) {
            throw new IllegalArgumentException("catalog/" + METRICS_FILE + ": \"targetLabels\" has no \"" + role
                    + "\" (has " + targetLabels.keySet() + ")");
        }
        return label;
    }

    /** The Prometheus name of the metric with catalog id {@code id}, e.g. {@code job.numRestarts}. */
    public String metric(String id) {
        String name = metricNames.get(id);
        if (name == null) {
            throw new IllegalArgumentException("catalog/" + METRICS_FILE + ": no metric with \"id\": \"" + id
                    + "\"; add it to \"metrics\" or use one of " + metricNames.keySet());
        }
        return name;
    }

    /** A duration threshold such as {@code 10m}, as PromQL writes it. */
    public String duration(String id) {
        JsonNode value = threshold(id);
        if (!value.isTextual() || !Durations.isValid(value.asText())) {
            throw new IllegalArgumentException("catalog/" + THRESHOLDS_FILE + ": threshold \"" + id
                    + "\" must be a duration like \"10m\", not " + value);
        }
        return value.asText();
    }

    /** A numeric threshold, written as PromQL reads it ({@code 0.9}, {@code 500}). */
    public String number(String id) {
        JsonNode value = threshold(id);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("catalog/" + THRESHOLDS_FILE + ": threshold \"" + id
                    + "\" must be a number, not " + value);
        }
        return value.asText();
    }

    /** A {@code for:} duration by key of {@code forDurations} ({@code short}, {@code medium}, ...). */
    public String forDuration(String key) {
        String value = forDurations.get(key);
        if (value == null || !Durations.isValid(value)) {
            throw new IllegalArgumentException("catalog/" + THRESHOLDS_FILE + ": \"forDurations\" needs a duration"
                    + " under \"" + key + "\" (has " + forDurations + ")");
        }
        return value;
    }

    /**
     * The record name {@code level:metric:operation} of a shared recording rule, checked to exist in
     * {@code catalog/recording-rules.json}.
     */
    public String recorded(String level, String metricId, String operation) {
        String record = level + ":" + metric(metricId) + ":" + operation;
        if (recordingRules.stream().noneMatch(r -> r.record().equals(record))) {
            throw new IllegalArgumentException("catalog/" + RECORDING_RULES_FILE + ": no rule records \"" + record
                    + "\"; add it to \"rules\"");
        }
        return record;
    }

    /** Every threshold as written in {@code catalog/thresholds.json}, for the generated reference. */
    public List<Threshold> thresholds() {
        return List.copyOf(thresholdList);
    }

    /** Every {@code for:} duration by key. */
    public Map<String, String> forDurations() {
        return Map.copyOf(forDurations);
    }

    public String recordingGroup() {
        return recordingGroup;
    }

    public String recordingInterval() {
        return recordingInterval;
    }

    public List<RecordingRule> recordingRules() {
        return List.copyOf(recordingRules);
    }

    private JsonNode threshold(String id) {
        JsonNode value = thresholds.get(id);
        if (value == null) {
            throw new IllegalArgumentException("catalog/" + THRESHOLDS_FILE + ": no threshold with \"id\": \"" + id
                    + "\"; add it to \"thresholds\"");
        }
        return value;
    }

    private static JsonNode required(JsonNode node, String field, String file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("catalog/" + file + ": missing \"" + field + "\" in " + node);
        }
        return value;
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the metric catalog " + file
                    + " (generate from the repository root or its alert-rules/ module)", e);
        }
    }

    /** One shared recording rule as the catalog writes it. */
    public record RecordingRule(String record, String expr, String description) {}

    /** One threshold: its id, default value and what it decides. */
    public record Threshold(String id, String value, String description) {}
}
