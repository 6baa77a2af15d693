package io.github.flinko11y.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Which alerts of a notification are news: Alertmanager repeats a whole group on every
 * {@code group_interval} and {@code repeat_interval}, but a person watching the demo wants each alert
 * once when it fires and once when it resolves.
 */
final class AlertTransitions {

    private final Map<String, String> lastStatus = new HashMap<>();

    /** True when {@code alert} (from a webhook payload) changed status since it was last seen, or is new. */
    synchronized boolean isNews(JsonNode alert) {
        String key = alert.hasNonNull("fingerprint") ? alert.get("fingerprint").asText() : alert.path("labels").toString();
        String status = alert.path("status").asText();
        return !status.equals(lastStatus.put(key, status));
    }
}
