package io.github.flinko11y.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog whose durations are divided, for a stack that must react in seconds rather than minutes
 * (the local demo, live tests): the expressions, labels, routing and inhibitions stay the real ones.
 */
public final class FastTimings {

    private FastTimings() {}

    /**
     * A copy of {@code files} ({@link Catalog#read}) with every duration threshold and {@code for:}
     * duration divided by {@code factor} (at least {@code minSeconds}) and the recording rules
     * evaluated every {@code recordingInterval}.
     */
    public static ObjectNode divide(ObjectNode files, int factor, int minSeconds, String recordingInterval) {
        ObjectNode copy = files.deepCopy();
        ObjectNode thresholds = (ObjectNode) copy.get("thresholds.json");
        for (JsonNode threshold : thresholds.path("thresholds")) {
            if (threshold.path("unit").asText().equals("duration")) {
                ((ObjectNode) threshold).put("value", divided(threshold.path("value").asText(), factor, minSeconds));
            }
        }
        ObjectNode forDurations = (ObjectNode) thresholds.path("forDurations");
        List<String> keys = new ArrayList<>();
        forDurations.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            forDurations.put(key, divided(forDurations.path(key).asText(), factor, minSeconds));
        }
        ((ObjectNode) copy.get("recording-rules.json")).put("interval", recordingInterval);
        return copy;
    }

    static String divided(String duration, int factor, int minSeconds) {
        return Math.max(minSeconds, Durations.millis(duration) / 1000 / factor) + "s";
    }
}
