package io.github.flinko11y.kustomize.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The openAPIV3Schema of one version of a CustomResourceDefinition as a JSON schema, with the API
 * server's rules that JSON schema lacks: an object with properties admits no other field (unless
 * x-kubernetes-preserve-unknown-fields), x-kubernetes-int-or-string is an integer or a string,
 * nullable admits null.
 */
public final class CrdSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String kind;
    private final String apiVersion;
    private final String source;
    private final JsonSchema schema;

    private CrdSchema(String kind, String apiVersion, String source, JsonSchema schema) {
        this.kind = kind;
        this.apiVersion = apiVersion;
        this.source = source;
        this.schema = schema;
    }

    public static CrdSchema of(JsonNode crd, String version, String source) {
        JsonNode versionNode = null;
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (version.equals(v.path("name").asText())) {
                versionNode = v;
            }
        }
        if (versionNode == null) {
            throw new IllegalArgumentException(source + " has no version " + version);
        }
        ObjectNode openApi = versionNode.path("schema").path("openAPIV3Schema").deepCopy();
        // The API server admits these on every object, whether the CRD's schema names them or not.
        ObjectNode properties = openApi.with("properties");
        properties.putIfAbsent("apiVersion", NODES.objectNode().put("type", "string"));
        properties.putIfAbsent("kind", NODES.objectNode().put("type", "string"));
        properties.putIfAbsent("metadata", NODES.objectNode().put("type", "object"));
        tighten(openApi);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(openApi);
        String group = crd.path("spec").path("group").asText();
        return new CrdSchema(crd.path("spec").path("names").path("kind").asText(), group + "/" + version, source, schema);
    }

    public String kind() {
        return kind;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String source() {
        return source;
    }

    public List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(object)) {
            problems.add(message.getMessage());
        }
        return problems;
    }

    private static void tighten(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean() && !schema.has("anyOf")) {
            ArrayNode anyOf = schema.putArray("anyOf");
            anyOf.add(NODES.objectNode().put("type", "integer"));
            anyOf.add(NODES.objectNode().put("type", "string"));
        }
        if (schema.path("nullable").asBoolean() && schema.path("type").isTextual()) {
            schema.putArray("type").add(schema.path("type").asText()).add("null");
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        if (schema.has("properties") && !schema.has("additionalProperties") && !preserve) {
            schema.put("additionalProperties", false);
        }
        for (Map.Entry<String, JsonNode> property : iterable(schema.path("properties"))) {
            tighten(property.getValue());
        }
        tighten(schema.path("items"));
        tighten(schema.path("additionalProperties"));
        for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
            schema.path(combinator).forEach(CrdSchema::tighten);
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
