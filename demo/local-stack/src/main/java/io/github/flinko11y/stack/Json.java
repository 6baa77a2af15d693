package io.github.flinko11y.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinko11y.testsupport.HttpProbe;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON of the stack's HTTP APIs (Flink's REST API, Alertmanager's webhooks). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** GET {@code url}, which must answer 200 with JSON. */
    public static JsonNode get(String url) {
        try {
            return MAPPER.readTree(HttpProbe.get(url));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " did not answer JSON", e);
        }
    }
}
