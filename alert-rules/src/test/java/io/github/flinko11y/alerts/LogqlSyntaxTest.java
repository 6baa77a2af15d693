package io.github.flinko11y.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.alerts.testing.GeneratedOutputs;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.catalog.LokiLabels;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Loki runs here, so the Loki ruler rules are checked with Grafana's own LogQL grammar
 * ({@code @grafana/lezer-logql}, the parser of Grafana's Loki query editor) from the npm package in
 * {@code logql-check/}, installed with {@code npm ci} from its committed lock file.
 */
class LogqlSyntaxTest {

    private static final Path CHECKER = ModuleFiles.module("logql-check");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installParser() throws Exception {
        CommandLineTool.Result install = CommandLineTool.run(CHECKER, "npm", "ci", "--no-audit", "--no-fund");
        assertThat(install.exitCode()).as("%s", install).isZero();
    }

    @Test
    void everyLokiRuleIsAValidLogqlMetricQuery() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(ModuleFiles.module(GeneratedFiles.LOKI_RULES).toFile()).findValue("rules");
        List<String> expressions = new ArrayList<>();
        rules.forEach(r -> expressions.add(r.get("expr").asText()));
        assertThat(expressions).hasSize(2);

        for (JsonNode result : parse(expressions)) {
            assertThat(result.get("ok").asBoolean()).as("%s parses: %s", result.get("expr"), result.get("tree")).isTrue();
            assertThat(result.get("metric").asBoolean()).as("%s is a metric query", result.get("expr")).isTrue();
        }
    }

    /**
     * The stream selectors name only the log appender's stream labels, {@code by} and label filters
     * only its labels and metadata fields, and the component values are those of the catalog.
     */
    @Test
    void lokiRulesNameOnlyTheLabelsAndFieldsOfLokiLabelsJson() throws Exception {
        LokiLabels loki = GeneratedOutputs.catalog().loki();
        Set<String> fields = new TreeSet<>(loki.streamLabels());
        fields.addAll(loki.structuredMetadata());
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(ModuleFiles.module(GeneratedFiles.LOKI_RULES).toFile()).findValue("rules");
        Set<String> selected = new TreeSet<>();
        Set<String> grouped = new TreeSet<>();
        Set<String> filtered = new TreeSet<>();
        for (JsonNode rule : rules) {
            String expr = rule.get("expr").asText();
            collect(SELECTOR_LABEL, expr.substring(expr.indexOf('{'), expr.indexOf('}') + 1), selected);
            Matcher by = BY.matcher(expr);
            while (by.find()) {
                grouped.addAll(List.of(by.group(1).split(",\\s*")));
            }
            collect(LABEL_FILTER, expr, filtered);
            assertThat(expr).contains("\"" + String.join("|", loki.components()) + "\"");
        }
        assertThat(selected).containsExactly("component");
        assertThat(loki.streamLabels()).containsAll(selected);
        assertThat(grouped).isNotEmpty();
        assertThat(fields).containsAll(grouped);
        assertThat(filtered).containsExactly("level");
        assertThat(fields).containsAll(filtered);
    }

    private static final Pattern SELECTOR_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=~?\"");
    private static final Pattern BY = Pattern.compile("\\bby \\(([^)]*)\\)");
    private static final Pattern LABEL_FILTER = Pattern.compile("\\| ([a-zA-Z_][a-zA-Z0-9_]*)\\s*=");

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    /** The check can fail: the parser reports where a broken expression goes wrong, and a log query is no metric. */
    @Test
    void theParserRejectsBrokenExpressions() throws Exception {
        String unclosedSelector = "sum by (pod) (rate({component=~\"taskmanager\" |= \"x\" [5m]))";
        JsonNode results = parse(List.of(
                "sum by (pod) (rate({component=~\"taskmanager\"} |= \"x\" [5m])",
                unclosedSelector,
                "{component=~\"taskmanager\"} |= \"OutOfMemoryError\""));
        assertThat(results.get(0).get("ok").asBoolean()).isFalse();
        assertThat(results.get(1).get("ok").asBoolean()).isFalse();
        assertThat(results.get(1).get("errorAt").asInt()).as("the error is where the selector should close")
                .isBetween(unclosedSelector.indexOf('{'), unclosedSelector.indexOf("|="));
        assertThat(results.get(2).get("ok").asBoolean()).isTrue();
        assertThat(results.get(2).get("metric").asBoolean()).isFalse();
    }

    private static JsonNode parse(List<String> expressions) throws Exception {
        CommandLineTool.Result result = CommandLineTool.run(CHECKER, JSON.writeValueAsString(expressions), List.of("node", "check-logql.mjs"));
        assertThat(result.exitCode()).as("%s", result).isZero();
        JsonNode parsed = JSON.readTree(result.output());
        assertThat(parsed).hasSize(expressions.size());
        return parsed;
    }
}
