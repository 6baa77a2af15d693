package io.github.flinko11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Each alert is news once when it fires and once when it resolves, however often Alertmanager repeats it. */
class AlertTransitionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void repeatsOfAFiringAlertAreNotNewsItsResolutionIs() throws Exception {
        AlertTransitions transitions = new AlertTransitions();
        JsonNode loop = alert("a1", "firing");
        JsonNode other = alert("b2", "firing");

        assertThat(transitions.isNews(loop)).isTrue();
        assertThat(transitions.isNews(loop)).as("the group sent again").isFalse();
        assertThat(transitions.isNews(other)).as("another alert in the same group").isTrue();
        assertThat(transitions.isNews(alert("a1", "resolved"))).isTrue();
        assertThat(transitions.isNews(alert("a1", "resolved"))).isFalse();
        assertThat(transitions.isNews(alert("a1", "firing"))).as("firing again after it resolved").isTrue();
    }

    private static JsonNode alert(String fingerprint, String status) throws Exception {
        return JSON.readTree("{\"fingerprint\": \"" + fingerprint + "\", \"status\": \"" + status
                + "\", \"labels\": {\"alertname\": \"FlinkJobRestartLoop\"}}");
    }
}
