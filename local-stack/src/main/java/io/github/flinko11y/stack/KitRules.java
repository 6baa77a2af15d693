package io.github.flinko11y.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.alerts.GeneratedFiles;
import io.github.flinko11y.alerts.catalog.Catalog;
import io.github.flinko11y.alerts.yaml.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our generated alert rules and Alertmanager routing, produced by the same generator as the
 * checked-in files, from a copy of {@code catalog/} whose durations are divided by
 * {@value #SPEED_UP} (at least {@value #MIN_SECONDS} s): the alert expressions, severities, labels,
 * annotations, routing tree and inhibitions are the real ones, but a restart loop pages within a
 * minute instead of fifteen. Alertmanager's receivers become webhooks to the stack's receiver and
 * its grouping waits shrink to seconds, for the same reason.
 */
public final class KitRules {
    static final int SPEED_UP = 20;
    static final int MIN_SECONDS = 10;
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh])");

    private final GeneratedFiles files;

    private KitRules(GeneratedFiles files) {
        this.files = files;
    }

    /** @param checkpointIntervalMillis the demo job's checkpoint interval, which the rules must know */
    public static KitRules withFastTimings(Path workDir, long checkpointIntervalMillis) {
        try {
            Path catalog = Files.createDirectories(workDir.resolve("catalog"));
            Path source = StackPaths.repositoryRoot().resolve("catalog");
            for (String file : List.of("flink-metrics.json", "thresholds.json", "recording-rules.json")) {
                JsonNode json = Http.JSON.readTree(source.resolve(file).toFile());
                if (file.equals("thresholds.json")) {
                    speedUpThresholds((ObjectNode) json, checkpointIntervalMillis);
                } else if (file.equals("recording-rules.json")) {
                    ((ObjectNode) json).put("interval", MIN_SECONDS / 5 + "s");
                }
                Http.JSON.writerWithDefaultPrettyPrinter().writeValue(catalog.resolve(file).toFile(), json);
            }
            return new KitRules(new GeneratedFiles(Catalog.load(workDir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void speedUpThresholds(ObjectNode thresholds, long checkpointIntervalMillis) {
        for (JsonNode threshold : thresholds.path("thresholds")) {
            ObjectNode entry = (ObjectNode) threshold;
            if (entry.path("id").asText().equals("checkpointInterval")) {
                entry.put("value", Math.max(1, checkpointIntervalMillis / 1000) + "s");
            } else if (entry.path("unit").asText().equals("duration")) {
                entry.put("value", fast(entry.path("value").asText()));
            }
        }
        ObjectNode forDurations = (ObjectNode) thresholds.path("forDurations");
        for (Iterator<String> keys = forDurations.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            forDurations.put(key, fast(forDurations.path(key).asText()));
        }
    }

    static String fast(String duration) {
        Matcher m = DURATION.matcher(duration);
        if (!m.matches()) {
            throw new IllegalArgumentException("catalog duration '" + duration + "' is not like 10m, 60s or 1h");
        }
        long seconds = Long.parseLong(m.group(1)) * (m.group(2).equals("h") ? 3600 : m.group(2).equals("m") ? 60 : 1);
        return Math.max(MIN_SECONDS, seconds / SPEED_UP) + "s";
    }

    /** The Prometheus rule file: recording rules and every alert. */
    public String prometheusRules() {
        return files.prometheus().ruleFile();
    }

    /** Alertmanager's configuration with every receiver posting to {@code webhookUrl}. */
    public String alertmanagerConfig(String webhookUrl) {
        Map<String, Object> document = files.alertmanager().withWebhookReceivers(webhookUrl).document();
        speedUpRoute(document.get("route"));
        return Yaml.write("The generated routing with webhook receivers and fast timings (local stack).", document);
    }

    @SuppressWarnings("unchecked")
    private static void speedUpRoute(Object route) {
        Map<String, Object> node = (Map<String, Object>) route;
        node.computeIfPresent("group_wait", (k, v) -> "1s");
        node.computeIfPresent("group_interval", (k, v) -> "2s");
        node.computeIfPresent("repeat_interval", (k, v) -> "1m");
        Object children = node.get("routes");
        if (children instanceof List) {
            ((List<Object>) children).forEach(KitRules::speedUpRoute);
        }
    }
}
