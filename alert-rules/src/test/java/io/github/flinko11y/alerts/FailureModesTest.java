package io.github.flinko11y.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.alerts.testing.RunbookSections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/failure-modes.md and the scenario tests agree, through the generated Alertmanager inhibition:
 * for each row, the alerts its scenario has firing (promtool checks those sets against the rules)
 * minus the ones the generated inhibit rules hold back are exactly the row's "notifies" column, and
 * the held-back ones its "held back" column. One root cause, one notification, written down and tested.
 */
class FailureModesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ALERT_NAME = Pattern.compile("`(Flink[A-Za-z0-9]+)`");
    private static final Pattern SCENARIO_LINK = Pattern.compile("\\(\\.\\./alert-rules/(src/test/promtool/[a-z0-9-]+\\.test\\.yaml)\\)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    /** The scenarios' check of every firing alert but the always-firing Watchdog. */
    private static final String FIRING = "ALERTS{alertstate=\"firing\", alertname!=\"FlinkWatchdog\"}";

    @Test
    void everyRowNotifiesAndHoldsBackWhatItsScenarioFiresAfterInhibition() throws IOException {
        List<InhibitRule> inhibitions = inhibitRules();
        List<String[]> rows = rows();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(9);
        for (String[] row : rows) {
            Matcher link = SCENARIO_LINK.matcher(row[5]);
            assertThat(link.find()).as("row \"%s\" links its scenario test", row[0]).isTrue();
            Set<String> notified = new TreeSet<>();
            Set<String> heldBack = new TreeSet<>();
            List<List<Map<String, String>>> firingSets = firingSets(ModuleFiles.module(link.group(1)));
            assertThat(firingSets).as("%s asserts the firing alerts at two times at least", link.group(1)).hasSizeGreaterThanOrEqualTo(2);
            for (List<Map<String, String>> firing : firingSets) {
                for (Map<String, String> alert : firing) {
                    boolean inhibited = inhibitions.stream().anyMatch(rule -> rule.inhibits(alert, firing));
                    (inhibited ? heldBack : notified).add(alert.get("alertname"));
                }
            }
            assertThat(notified).as("row \"%s\": notifies", row[0]).isEqualTo(names(row[2]));
            assertThat(heldBack).as("row \"%s\": held back", row[0]).isEqualTo(names(row[3]));
            assertThat(row[1]).as("row \"%s\": kind", row[0]).isIn("failure", "routine", "known limit");
            if (!row[1].equals("known limit")) {
                assertThat(notified.isEmpty()).as("row \"%s\": a routine event notifies nobody, a failure somebody", row[0])
                        .isEqualTo(row[1].equals("routine"));
            }
        }
    }

    @Test
    void everyScenarioFileIsARowOfTheTable() throws IOException {
        Set<String> linked = new TreeSet<>();
        for (String[] row : rows()) {
            Matcher link = SCENARIO_LINK.matcher(row[5]);
            if (link.find()) {
                linked.add(Path.of(link.group(1)).getFileName().toString());
            }
        }
        Set<String> files = new TreeSet<>();
        try (var list = Files.list(ModuleFiles.module("src/test/promtool"))) {
            list.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("scenario-")).forEach(files::add);
        }
        assertThat(files).isNotEmpty().isEqualTo(linked);
    }

    /**
     * The runbooks follow the table: the section of each alert that notifies for a row names every
     * alert the row holds back (so the person paged knows what else fired and why it stayed quiet),
     * and the section of each held-back alert names the alert that notifies instead.
     */
    @Test
    void theRunbooksOfEachRowNameWhatNotifiesAndWhatIsHeldBack() throws IOException {
        Map<String, String> runbooks = RunbookSections.read();
        for (String[] row : rows()) {
            for (String notifying : names(row[2])) {
                assertThat(runbooks).as("row \"%s\": a runbook section for %s", row[0], notifying).containsKey(notifying);
                for (String heldBack : names(row[3])) {
                    if (heldBack.equals(notifying)) {
                        continue; // notifies first, held back once a stronger alert fires: that one's pair
                    }
                    assertThat(runbooks.get(notifying)).as("row \"%s\": the runbook of %s links %s", row[0], notifying, heldBack)
                            .contains(link(heldBack));
                    assertThat(runbooks.get(heldBack)).as("row \"%s\": the runbook of %s links %s", row[0], heldBack, notifying)
                            .contains(link(notifying));
                }
            }
        }
    }

    private static String link(String alert) {
        return "[" + alert + "](#" + alert.toLowerCase() + ")";
    }

    /**
     * The inhibition does work a row needs: with no inhibit rules, every alert the row holds back
     * would notify next to the one that pages, and nothing else would.
     */
    @Test
    void withoutInhibitionTheTaskManagerLossWouldNotifySeveralTimes() throws IOException {
        Path scenario = ModuleFiles.module("src/test/promtool/scenario-taskmanager-killed-not-replaced.test.yaml");
        String[] row = rows().stream().filter(r -> r[5].contains("scenario-taskmanager-killed-not-replaced.test.yaml"))
                .findFirst().orElseThrow();
        Set<String> expected = new TreeSet<>(names(row[2]));
        expected.addAll(names(row[3]));
        Set<String> notified = new TreeSet<>();
        firingSets(scenario).forEach(set -> set.forEach(a -> notified.add(a.get("alertname"))));
        assertThat(expected).as("the row holds back something").hasSizeGreaterThan(names(row[2]).size());
        assertThat(notified).isEqualTo(expected);
    }

    /** Rows of the table: failure, kind, notifies, held back, stays silent, scenario. */
    private static List<String[]> rows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(ModuleFiles.REPOSITORY.resolve("docs/failure-modes.md"))) {
            if (line.startsWith("| failure or event |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|---")) {
                continue;
            } else if (inTable && line.startsWith("| ")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                assertThat(cells).as(line).hasSize(6);
                rows.add(cells);
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static Set<String> names(String cell) {
        Set<String> names = new TreeSet<>();
        Matcher m = ALERT_NAME.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The expected sets of firing alerts of a scenario file, one per asserted time. */
    private static List<List<Map<String, String>>> firingSets(Path scenario) throws IOException {
        List<List<Map<String, String>>> sets = new ArrayList<>();
        for (JsonNode test : YAML.readTree(scenario.toFile()).get("tests")) {
            for (JsonNode expr : test.path("promql_expr_test")) {
                if (!expr.get("expr").asText().equals(FIRING)) {
                    continue;
                }
                List<Map<String, String>> set = new ArrayList<>();
                for (JsonNode sample : expr.path("exp_samples")) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    Matcher label = LABEL.matcher(sample.get("labels").asText());
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                    set.add(labels);
                }
                sets.add(set);
            }
        }
        return sets;
    }

    private static List<InhibitRule> inhibitRules() throws IOException {
        List<InhibitRule> rules = new ArrayList<>();
        for (JsonNode rule : YAML.readTree(ModuleFiles.module(GeneratedFiles.ALERTMANAGER).toFile()).get("inhibit_rules")) {
            List<String> equal = new ArrayList<>();
            rule.get("equal").forEach(l -> equal.add(l.asText()));
            rules.add(new InhibitRule(matcher(rule.get("source_matchers")), matcher(rule.get("target_matchers")), equal));
        }
        assertThat(rules).isNotEmpty();
        return rules;
    }

    /** The generated rules match on alertname only, with one regular expression. */
    private static Pattern matcher(JsonNode matchers) {
        assertThat(matchers).hasSize(1);
        String matcher = matchers.get(0).asText();
        assertThat(matcher).startsWith("alertname=~\"").endsWith("\"");
        return Pattern.compile(matcher.substring("alertname=~\"".length(), matcher.length() - 1));
    }

    /** Alertmanager's inhibition: a firing source alert silences a target alert equal on the listed labels. */
    private record InhibitRule(Pattern source, Pattern target, List<String> equal) {
        boolean inhibits(Map<String, String> alert, List<Map<String, String>> firing) {
            if (!target.matcher(alert.get("alertname")).matches()) {
                return false;
            }
            return firing.stream().anyMatch(other -> other != alert
                    && source.matcher(other.get("alertname")).matches()
                    && equal.stream().allMatch(l -> other.getOrDefault(l, "").equals(alert.getOrDefault(l, ""))));
        }
    }
}
