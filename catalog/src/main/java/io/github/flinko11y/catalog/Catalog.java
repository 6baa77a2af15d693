package io.github.flinko11y.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kit's catalog ({@code catalog/} of the repository, or a user's copy): labels, metrics,
 * recording rules, thresholds and Loki labels, validated against {@code catalog.schema.json} and
 * checked for references to nothing. Every lookup of something the catalog lacks fails with the
 * file and key to fix, so nothing is ever generated from a name that is not written down here.
 */
public final class Catalog {

    static final String METRICS_FILE = "flink-metrics.json";
    /** The files of a catalog directory, in the order they are checked. */
    public static final List<String> FILES = List.of(Labels.FILE, METRICS_FILE, RecordingRules.FILE, Thresholds.FILE,
            LokiLabels.FILE);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the build puts the repository's catalog files in this jar. */
    private static final String BUNDLED = "bundled/";

    private final Labels labels;
    private final Map<String, Metric> metrics;
    private final RecordingRules recordingRules;
    private final Thresholds thresholds;
    private final LokiLabels loki;

    private Catalog(ObjectNode files) {
        List<String> problems = CatalogSchema.problems(files);
        if (!problems.isEmpty()) {
            throw new CatalogException("The catalog does not match catalog.schema.json:\n  " + String.join("\n  ", problems));
        }
        this.labels = labels(files.get(Labels.FILE));
        this.metrics = metrics(files.get(METRICS_FILE), labels);
        this.thresholds = thresholds(files.get(Thresholds.FILE));
        this.recordingRules = recordingRules(files.get(RecordingRules.FILE), labels, metrics, thresholds);
        JsonNode loki = files.get(LokiLabels.FILE);
        this.loki = new LokiLabels(strings(loki.get("streamLabels")), strings(loki.get("structuredMetadata")),
                strings(loki.get("levels")), strings(loki.get("components")));
    }

    /** Reads and checks the catalog in {@code directory} (the repository's {@code catalog/}). */
    public static Catalog load(Path directory) {
        return new Catalog(read(directory));
    }

    /** The catalog this jar was built with (the repository's {@code catalog/} at release). */
    public static Catalog bundled() {
        return new Catalog(readBundled());
    }

    /** The files of the catalog this jar was built with, as {@link #of} takes them. */
    public static ObjectNode readBundled() {
        ObjectNode files = JSON.createObjectNode();
        for (String file : FILES) {
            try (InputStream in = Catalog.class.getResourceAsStream(BUNDLED + file)) {
                if (in == null) {
                    throw new CatalogException("catalog/" + file + ": not in this jar (" + BUNDLED + file
                            + "); the flink-o11y-catalog build packages it");
                }
                files.set(file, JSON.readTree(in));
            } catch (IOException e) {
                throw new CatalogException("catalog/" + file + ": cannot read it from this jar (" + e.getMessage() + ")", e);
            }
        }
        return files;
    }

    /** Checks a catalog given as one object of file name → content (a changed copy, a test fixture). */
    public static Catalog of(ObjectNode files) {
        return new Catalog(files.deepCopy());
    }

    /** The files of {@code directory} as {@link #of} takes them, to change a copy in memory. */
    public static ObjectNode read(Path directory) {
        ObjectNode files = JSON.createObjectNode();
        for (String file : FILES) {
            Path path = directory.resolve(file);
            try {
                files.set(file, JSON.readTree(Files.readString(path)));
            } catch (IOException e) {
                throw new CatalogException("catalog/" + file + ": cannot read " + path + " (" + e.getMessage() + ")", e);
            }
        }
        return files;
    }

    public Labels labels() {
        return labels;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public RecordingRules recordingRules() {
        return recordingRules;
    }

    public LokiLabels loki() {
        return loki;
    }

    /** Every metric, in file order. */
    public List<Metric> metrics() {
        return List.copyOf(metrics.values());
    }

    /** The metric with catalog id {@code id} ({@code job.numRestarts}). */
    public Metric metric(String id) {
        Metric metric = metrics.get(id);
        if (metric == null) {
            throw new CatalogException("catalog/" + METRICS_FILE + ": no metric with \"id\": \"" + id
                    + "\"; add it to \"metrics\" or fix the id");
        }
        return metric;
    }

    /** The Prometheus name of the metric with catalog id {@code id}. */
    public String metricName(String id) {
        return metric(id).name();
    }

    /** The record name of a shared recording rule ({@code job_name:flink_..._numRecordsInPerSecond:sum}). */
    public String recorded(String level, String metricId, String operation) {
        return recordingRules.find(metricId, operation, level).record();
    }

    /** The labels a metric carries: the target labels, then its scope's label set. */
    public List<String> labelsOf(String metricId) {
        List<String> all = new ArrayList<>(labels.targets());
        all.addAll(labels.labelSet(metric(metricId).scope()));
        return all;
    }

    private static Labels labels(JsonNode node) {
        Map<String, String> targets = new LinkedHashMap<>();
        node.get("targetLabels").fields().forEachRemaining(e -> targets.put(e.getKey(), e.getValue().asText()));
        Map<String, List<String>> sets = new LinkedHashMap<>();
        node.get("labelSets").fields().forEachRemaining(e -> sets.put(e.getKey(), strings(e.getValue())));
        Map<String, List<String>> by = new LinkedHashMap<>();
        Map<String, String> levels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("aggregations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String level = e.getValue().get("level").asText();
            if (levels.containsValue(level)) {
                throw new CatalogException("catalog/" + Labels.FILE + ": two aggregations have level \"" + level
                        + "\"; record names would collide");
            }
            by.put(e.getKey(), strings(e.getValue().get("by")));
            levels.put(e.getKey(), level);
        }
        return new Labels(node.get("scrapeJob").asText(), targets, sets, strings(node.get("clusterKey")), by, levels,
                strings(node.get("notifications").get("groupBy")));
    }

    private static Map<String, Metric> metrics(JsonNode node, Labels labels) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (JsonNode m : node.get("metrics")) {
            String id = m.get("id").asText();
            String scope = m.get("scope").asText();
            if (!labels.hasLabelSet(scope)) {
                throw new CatalogException("catalog/" + METRICS_FILE + ": metric \"" + id + "\" has scope \"" + scope
                        + "\", which is no labelSets entry of catalog/" + Labels.FILE);
            }
            Metric metric = new Metric(id, m.get("name").asText(), scope, m.get("type").asText(), m.get("unit").asText(),
                    m.get("source").asText(), m.path("plainStreamingJob").asBoolean(false), strings(m.path("absentOn")),
                    m.get("help").asText(), m.path("note").asText(""));
            if (metrics.put(id, metric) != null) {
                throw new CatalogException("catalog/" + METRICS_FILE + ": metric id \"" + id + "\" appears twice");
            }
        }
        return metrics;
    }

    private static RecordingRules recordingRules(JsonNode node, Labels labels, Map<String, Metric> metrics,
            Thresholds thresholds) {
        // Info rules first: each join rule is built with the info rule of its level.
        Map<String, RecordingRule> infoByLevel = new LinkedHashMap<>();
        Map<Integer, RecordingRule> infoByIndex = new LinkedHashMap<>();
        JsonNode specs = node.get("rules");
        for (int index = 0; index < specs.size(); index++) {
            if (RecordingRule.Operation.of(specs.get(index).get("operation").asText()) == RecordingRule.Operation.INFO) {
                RecordingRule info = recordingRule(specs.get(index), index, labels, metrics, thresholds, null);
                infoByIndex.put(index, info);
                infoByLevel.putIfAbsent(info.level(), info);
            }
        }
        List<RecordingRule> rules = new ArrayList<>();
        for (int index = 0; index < specs.size(); index++) {
            RecordingRule info = infoByIndex.get(index);
            rules.add(info != null ? info : recordingRule(specs.get(index), index, labels, metrics, thresholds, infoByLevel));
        }
        return new RecordingRules(node.get("group").asText(), node.path("joinGroup").asText(null), node.get("interval").asText(),
                rules);
    }

    /** Rule {@code index} of recording-rules.json; a join takes the info rule of its level from {@code infoByLevel}. */
    private static RecordingRule recordingRule(JsonNode r, int index, Labels labels, Map<String, Metric> metrics,
            Thresholds thresholds, Map<String, RecordingRule> infoByLevel) {
        String where = "catalog/" + RecordingRules.FILE + ": rules[" + index + "]";
        Metric metric = referenced(metrics, r.get("metric").asText(), where);
        RecordingRule.Operation operation = RecordingRule.Operation.of(r.get("operation").asText());
        Aggregation aggregation = null;
        if (r.has("aggregation")) {
            String name = r.get("aggregation").asText();
            if (!labels.hasAggregation(name)) {
                throw new CatalogException(where + ": aggregation \"" + name + "\" is not in \"aggregations\" of catalog/"
                        + Labels.FILE);
            }
            aggregation = labels.aggregation(name);
        }
        Metric denominator = r.has("denominator") ? referenced(metrics, r.get("denominator").asText(), where) : null;
        RecordingRule.Exclusion exclusion = null;
        if (r.has("exceptWhere")) {
            JsonNode except = r.get("exceptWhere");
            List<String> on = strings(except.get("on"));
            on.forEach(label -> {
                if (!labels.targets().contains(label) && !labels.labelSet(metric.scope()).contains(label)) {
                    throw new CatalogException(where + ": exceptWhere.on names label \"" + label + "\", which metric \""
                            + metric.id() + "\" does not carry");
                }
            });
            exclusion = new RecordingRule.Exclusion(referenced(metrics, except.get("metric").asText(), where),
                    thresholds.millis(except.get("above").asText()), on);
        }
        List<String> carried = labels.labelSet(metric.scope());
        Map<String, String> matchers = labelMap(r.path("where"), where + ".where", metric, labels);
        Map<String, String> from = new LinkedHashMap<>();
        r.path("from").fields().forEachRemaining(e -> from.put(labels.label(e.getKey()), e.getValue().asText()));
        for (String source : from.values()) {
            requireCarried(carried, source, where + ".from", metric);
        }
        List<String> keep = strings(r.path("keep"));
        keep.forEach(label -> requireCarried(carried, label, where + ".keep", metric));
        if ((operation == RecordingRule.Operation.INFO) != !from.isEmpty()) {
            throw new CatalogException(where + ": \"from\" belongs to an \"info\" rule, and an \"info\" rule needs it");
        }
        String level = aggregation != null ? aggregation.level() : r.path("level").asText(null);
        RecordingRule info = null;
        if (operation == RecordingRule.Operation.JOIN) {
            info = infoByLevel.get(level);
            if (info == null) {
                throw new CatalogException("catalog/" + RecordingRules.FILE + ": rule \"" + level + ":" + metric.name() + ":"
                        + operation.key() + "\" joins at level \"" + level + "\", which has no \"info\" rule; add one");
            }
        }
        return new RecordingRule(metric, operation, aggregation, denominator, r.path("level").asText(null),
                exclusion, r.get("description").asText(), matchers, from, keep, info);
    }

    /** {@code where} of a rule: matchers on labels the metric carries. */
    private static Map<String, String> labelMap(JsonNode node, String where, Metric metric, Labels labels) {
        Map<String, String> map = new LinkedHashMap<>();
        List<String> carried = new ArrayList<>(labels.targets());
        carried.addAll(labels.labelSet(metric.scope()));
        node.fields().forEachRemaining(e -> {
            requireCarried(carried, e.getKey(), where, metric);
            map.put(e.getKey(), e.getValue().asText());
        });
        return map;
    }

    private static void requireCarried(List<String> carried, String label, String where, Metric metric) {
        if (!carried.contains(label)) {
            throw new CatalogException(where + " names label \"" + label + "\", which metric \"" + metric.id()
                    + "\" does not carry (" + carried + ")");
        }
    }

    private static Metric referenced(Map<String, Metric> metrics, String id, String where) {
        Metric metric = metrics.get(id);
        if (metric == null) {
            throw new CatalogException(where + ": metric \"" + id + "\" is not in catalog/" + METRICS_FILE
                    + "; add it there or fix the id");
        }
        return metric;
    }

    private static Thresholds thresholds(JsonNode node) {
        List<Threshold> list = new ArrayList<>();
        for (JsonNode t : node.get("thresholds")) {
            String unit = t.get("unit").asText();
            list.add(new Threshold(t.get("id").asText(), t.get("value").asText(), "duration".equals(unit), unit,
                    t.get("description").asText()));
        }
        Map<String, String> forDurations = new LinkedHashMap<>();
        node.get("forDurations").fields().forEachRemaining(e -> forDurations.put(e.getKey(), e.getValue().asText()));
        return new Thresholds(list, forDurations);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
