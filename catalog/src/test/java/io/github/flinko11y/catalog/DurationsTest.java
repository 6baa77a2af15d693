package io.github.flinko11y.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The duration grammar, on the vectors the TypeScript reader's tests read too (duration-vectors.json). */
class DurationsTest {

    private static JsonNode vectors() throws IOException {
        try (InputStream in = DurationsTest.class.getResourceAsStream("/duration-vectors.json")) {
            return Fixtures.JSON.readTree(in);
        }
    }

    @Test
    void validDurationsHaveTheirMilliseconds() throws IOException {
        JsonNode valid = vectors().get("valid");
        assertThat(valid.size()).isGreaterThan(5);
        for (Iterator<Map.Entry<String, JsonNode>> it = valid.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> vector = it.next();
            assertThat(Durations.isValid(vector.getKey())).as(vector.getKey()).isTrue();
            assertThat(Durations.millis(vector.getKey())).as(vector.getKey()).isEqualTo(vector.getValue().asLong());
        }
    }

    @Test
    void invalidDurationsAreRejectedWithTheGrammar() throws IOException {
        JsonNode invalid = vectors().get("invalid");
        assertThat(invalid.size()).isGreaterThan(5);
        for (JsonNode vector : invalid) {
            assertThat(Durations.isValid(vector.asText())).as(vector.asText()).isFalse();
        }
        assertThatThrownBy(() -> Durations.millis("10 minutes"))
                .hasMessage("\"10 minutes\" is not a Prometheus duration like 500ms, 90s, 10m or 1h30m");
    }

    @Test
    void formatWritesTheShortestLiteral() {
        assertThat(Durations.format(90_000)).isEqualTo("1m30s");
        assertThat(Durations.format(500)).isEqualTo("500ms");
        assertThat(Durations.format(3_600_000)).isEqualTo("1h");
        assertThat(Durations.secondsLiteral("1m30s")).isEqualTo("90");
    }
}
