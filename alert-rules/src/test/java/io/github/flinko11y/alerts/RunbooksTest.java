package io.github.flinko11y.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.alerts.rules.Alert;
import io.github.flinko11y.alerts.rules.Runbooks;
import io.github.flinko11y.alerts.testing.GeneratedOutputs;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.alerts.testing.RunbookSections;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/runbooks.md has exactly one section per alert, under a heading that is the alert's name (so
 * the anchor of its runbook_url exists), saying what it means, how to confirm it and what to do.
 */
class RunbooksTest {

    private static final Pattern LINK_ANCHOR = Pattern.compile("\\]\\(#([a-z0-9-]+)\\)");

    private static List<Alert> alerts;
    private static Map<String, String> sections;

    @BeforeAll
    static void read() throws IOException {
        alerts = GeneratedOutputs.generator().allAlertGroups().stream().flatMap(g -> g.alerts().stream()).toList();
        sections = RunbookSections.read();
    }

    @Test
    void everyAlertHasExactlyOneSectionAndEverySectionAnAlert() {
        assertThat(sections.keySet()).containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::name).toList());
    }

    @Test
    void everySectionStatesTheSeverityAndSaysWhatItMeansHowToConfirmAndWhatToDo() {
        for (Alert alert : alerts) {
            String section = sections.get(alert.name());
            assertThat(section).as(alert.name())
                    .contains("Severity: " + alert.severity().label() + ".")
                    .contains("**Meaning.**").contains("**Confirm.**").contains("**Action.**");
        }
    }

    @Test
    void runbookUrlsPointAtTheSectionAnchors() {
        for (Alert alert : alerts) {
            assertThat(Runbooks.url(alert.name())).endsWith("/docs/runbooks.md#" + alert.name().toLowerCase());
        }
    }

    @Test
    void linksBetweenSectionsLeadToExistingSections() throws IOException {
        String document = Files.readString(ModuleFiles.REPOSITORY.resolve("docs/runbooks.md"));
        Matcher link = LINK_ANCHOR.matcher(document);
        List<String> anchors = sections.keySet().stream().map(Runbooks::anchor).toList();
        int links = 0;
        while (link.find()) {
            assertThat(anchors).contains(link.group(1));
            links++;
        }
        assertThat(links).isGreaterThan(10);
    }
}
