package io.github.flinko11y.flinktests.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.flinktests.support.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What the live dashboard test reads from catalog/: scrape job, target labels, recording rules. */
public final class CatalogFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogFiles() {}

    public static JsonNode metrics() {
        return read("catalog/flink-metrics.json");
    }

    /** The Prometheus scrape job name our scrape configs use. */
    public static String scrapeJob() {
        return metrics().path("scrapeJob").asText();
    }

    /** The target labels our scrape configs add (namespace, cluster, pod). */
    public static List<String> targetLabels() {
        List<String> labels = new ArrayList<>();
        metrics().path("targetLabels").forEach(label -> labels.add(label.asText()));
        return labels;
    }

    /**
     * Series the catalog says Flink {@code version} (major.minor) does not have ({@code absentOn}),
     * with the catalog's note; recording rules computed from one of them are absent, too.
     */
    public static Map<String, String> absentSeries(String version) {
        Map<String, String> absent = new LinkedHashMap<>();
        for (JsonNode metric : metrics().path("metrics")) {
            for (JsonNode v : metric.path("absentOn")) {
                if (v.asText().equals(version)) {
                    absent.put(metric.path("name").asText(), metric.path("note").asText());
                }
            }
        }
        for (JsonNode rule : read("catalog/recording-rules.json").path("rules")) {
            for (Map.Entry<String, String> input : new ArrayList<>(absent.entrySet())) {
                if (Pattern.compile("\\b" + input.getKey() + "\\b").matcher(rule.path("expr").asText()).find()) {
                    absent.put(rule.path("record").asText(), "computed from " + input.getKey() + ": " + input.getValue());
                }
            }
        }
        return absent;
    }

    /**
     * A Prometheus rule file (JSON is YAML) with the catalog's recording rules, evaluated every
     * {@code interval} instead of the catalog's production interval so a short test sees results.
     */
    public static String recordingRuleFile(String interval) {
        JsonNode catalog = read("catalog/recording-rules.json");
        ObjectNode group = JSON.createObjectNode()
                .put("name", catalog.path("group").asText())
                .put("interval", interval);
        ArrayNode rules = group.putArray("rules");
        for (JsonNode rule : catalog.path("rules")) {
            rules.addObject().put("record", rule.path("record").asText()).put("expr", rule.path("expr").asText());
        }
        ObjectNode file = JSON.createObjectNode();
        file.putArray("groups").add(group);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String file) {
        try {
            return JSON.readTree(RepoFiles.path(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file, e);
        }
    }
}
