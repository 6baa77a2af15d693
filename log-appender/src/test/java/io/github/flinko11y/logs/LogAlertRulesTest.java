package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.logs.loki.LokiStandIn;
import io.github.flinko11y.logs.loki.LokiStandIn.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The Loki alert rules that {@code alert-rules/} generates, applied to the lines this appender sends
 * for what Flink logs (docs/failure-modes.md, log rows). No Loki runs on the build machines: the
 * selection of each rule's log query (stream selector, line filters, label filters: the stages the
 * rules use) is applied here to what the Loki stand-in received, and a rule with any other stage
 * fails the test instead of being misread.
 */
class LogAlertRulesTest extends LokiAppenderTestBase {

    private static final Path RULES = Path.of("..", "alert-rules", "generated", "loki", "flink-log-rules.yaml");
    /** The log query inside the rule's metric query: {@code count_over_time(<query> [10m])}. */
    private static final Pattern LOG_QUERY = Pattern.compile("\\((\\{[^}]*\\}.*?) \\[\\w+\\]\\)");
    private static final Pattern STAGE = Pattern.compile(
            "\\s*(?:\\|= \"((?:[^\"\\\\]|\\\\.)*)\"|\\| (\\w+)(=~|=|!=)\"((?:[^\"\\\\]|\\\\.)*)\")");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)(=~|=|!=)\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void theOutOfMemoryRuleSelectsTheErrorNotTheJvmOptionsFlinkPrintsAtEveryStart() throws Exception {
        startLogging("taskmanager", "orders-taskmanager-1-1");
        // What Flink's EnvironmentInformation prints at every start, and what a task thread logs when it dies.
        logback.logger("org.apache.flink.runtime.util.EnvironmentInformation")
                .info(" JVM Options: -Xmx536870902 -XX:+ExitOnOutOfMemoryError -XX:MaxMetaspaceSize=268435456");
        Logger task = logback.logger("org.apache.flink.runtime.taskmanager.Task");
        task.warn("Sink: Writer (1/1)#0 switched from RUNNING to FAILED.", new OutOfMemoryError("Java heap space"));
        task.info("Freeing task resources for Sink: Writer (1/1)#0.");

        List<Entry> received = loki.awaitEntries(3, Duration.ofSeconds(30));
        Predicate<Entry> outOfMemory = selection("FlinkOutOfMemoryErrorLogged");
        List<String> selected = received.stream().filter(outOfMemory).map(e -> e.line.lines().findFirst().orElse(""))
                .collect(Collectors.toList());
        assertThat(selected).containsExactly("Sink: Writer (1/1)#0 switched from RUNNING to FAILED.");
        assertThat(received.get(0).line).contains("ExitOnOutOfMemoryError");
    }

    @Test
    void theErrorRateRuleCountsErrorLinesOnly() throws Exception {
        startLogging("jobmanager", "orders-5f7d9c8b6d-7xk2p");
        Logger logger = logback.logger("org.apache.flink.runtime.checkpoint.CheckpointCoordinator");
        logger.info("Triggering checkpoint 7 (type=CheckpointType{name='Checkpoint'}) @ 1764910000000 for job a1b2.");
        logger.warn("Failed to trigger or complete checkpoint 8 for job a1b2. (0 consecutive failed attempts so far)");
        logger.error("Checkpoint 9 of job a1b2 expired before completing.");

        List<Entry> received = loki.awaitEntries(3, Duration.ofSeconds(30));
        assertThat(received.stream().filter(selection("FlinkLogErrorRateHigh")).map(e -> e.line).collect(Collectors.toList()))
                .containsExactly("Checkpoint 9 of job a1b2 expired before completing.");
    }

    /** The stand-in, and logback as the Flink {@code component} in {@code pod} of cluster streaming/orders has it. */
    private void startLogging(String component, String pod) throws Exception {
        loki = LokiStandIn.loki3();
        Map<String, String> settings = baseSettings(loki, component + ".log");
        settings.put("FLINK_O11Y_NAMESPACE", "streaming");
        settings.put("FLINK_O11Y_CLUSTER_ID", "orders");
        settings.put("FLINK_O11Y_COMPONENT", component);
        settings.put("POD_NAME", pod);
        logback = new ConfiguredLogback(settings);
    }

    /** The entries the log query of {@code alert} selects: stream labels, then each stage in order. */
    private static Predicate<Entry> selection(String alert) throws IOException {
        String expr = null;
        for (JsonNode group : new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (rule.path("alert").asText().equals(alert)) {
                    expr = rule.get("expr").asText();
                }
            }
        }
        assertThat(expr).as("the generated Loki rules have " + alert).isNotNull();
        Matcher query = LOG_QUERY.matcher(expr);
        assertThat(query.find()).as("a log query in " + expr).isTrue();
        String logQuery = query.group(1);
        int selectorEnd = logQuery.indexOf('}') + 1;
        List<Predicate<Entry>> stages = new ArrayList<>();
        Matcher label = MATCHER.matcher(logQuery.substring(1, selectorEnd - 1));
        while (label.find()) {
            String name = label.group(1);
            Predicate<String> value = matches(label.group(2), unquote(label.group(3)));
            stages.add(e -> value.test(e.labels.getOrDefault(name, "")));
        }
        String rest = logQuery.substring(selectorEnd);
        Matcher stage = STAGE.matcher(rest);
        int end = 0;
        while (stage.find() && stage.start() == end) {
            end = stage.end();
            if (stage.group(1) != null) {
                String text = unquote(stage.group(1));
                stages.add(e -> e.line.contains(text));
            } else {
                String name = stage.group(2);
                Predicate<String> value = matches(stage.group(3), unquote(stage.group(4)));
                stages.add(e -> value.test(fields(e).getOrDefault(name, "")));
            }
        }
        assertThat(rest.substring(end).strip()).as("stages of " + alert + " this test can apply").isEmpty();
        assertThat(stages).hasSizeGreaterThan(1);
        return e -> stages.stream().allMatch(s -> s.test(e));
    }

    /** Labels and structured metadata: Loki 3's label filters read both. */
    private static Map<String, String> fields(Entry e) {
        Map<String, String> fields = new HashMap<>(e.labels);
        fields.putAll(e.metadata);
        return fields;
    }

    private static Predicate<String> matches(String operator, String value) {
        switch (operator) {
            case "=~":
                Pattern anchored = Pattern.compile("^(?:" + value + ")$");
                return v -> anchored.matcher(v).matches();
            case "!=":
                return v -> !v.equals(value);
            default:
                return v -> v.equals(value);
        }
    }

    private static String unquote(String quoted) {
        return quoted.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
