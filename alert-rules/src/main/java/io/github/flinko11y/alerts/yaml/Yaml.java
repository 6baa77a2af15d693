package io.github.flinko11y.alerts.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;

/** Writes the generated YAML files: stable key order (callers pass ordered maps), no line folding. */
public final class Yaml {

    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            // A PromQL expression folded over two lines is valid YAML but unreadable in a diff.
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private Yaml() {}

    /** {@code document} as YAML, after a comment that says where it comes from. */
    public static String write(String headerComment, Object document) {
        try {
            StringBuilder out = new StringBuilder();
            for (String line : headerComment.split("\n")) {
                out.append("# ").append(line).append('\n');
            }
            return out.append(MAPPER.writeValueAsString(document)).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads YAML written by {@link #write} (or any YAML) into maps and lists. */
    public static Object read(String yaml) {
        try {
            return MAPPER.readValue(yaml, Object.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
