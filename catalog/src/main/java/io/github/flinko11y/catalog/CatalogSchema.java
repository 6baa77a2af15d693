package io.github.flinko11y.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code catalog.schema.json} (shipped in this jar, the same file the TypeScript reader uses): the
 * shape of every catalog file. Problems are reported as {@code catalog/<file>: <place>: <problem>}.
 */
final class CatalogSchema {

    static final String RESOURCE = "catalog.schema.json";

    private static final JsonSchema SCHEMA = load();

    private CatalogSchema() {}

    /** @param files one object whose fields are the catalog's file names and values their content */
    static List<String> problems(JsonNode files) {
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : SCHEMA.validate(files)) {
            problems.add(describe(message));
        }
        problems.sort(null);
        return problems;
    }

    private static String describe(ValidationMessage message) {
        // The instance location is $.<file>.<path...>: lead with the file, as a user opens it.
        String location = message.getInstanceLocation().toString();
        String text = message.getMessage();
        String place = location.startsWith("$.") ? location.substring(2) : location;
        String file = place;
        String inFile = "";
        int end = place.indexOf(".json");
        if (end > 0) {
            file = place.substring(0, end + ".json".length());
            inFile = place.substring(end + ".json".length());
        }
        String detail = text.startsWith(location + ": ") ? text.substring(location.length() + 2) : text;
        return "catalog/" + file + ": " + (inFile.isEmpty() ? "" : inFile.replaceFirst("^\\.", "") + ": ") + detail;
    }

    private static JsonSchema load() {
        try (InputStream in = CatalogSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the catalog jar");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
