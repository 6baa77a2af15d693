package io.github.flinko11y.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.alerts.testing.GeneratedOutputs;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every generated file on disk equals what the code generates now: the build's {@code generate-rules}
 * step wrote them, and this test fails when that step did not run or wrote something else. CI's
 * {@code git diff --exit-code} then fails when the regenerated files were not committed.
 */
class GeneratedFilesTest {

    @Test
    void committedFilesAreWhatTheCodeGenerates() throws IOException {
        Map<String, String> files = GeneratedOutputs.expected();
        assertThat(files).containsOnlyKeys(GeneratedFiles.PROMETHEUS_RULES, GeneratedFiles.PROMETHEUS_RULE_RESOURCE,
                GeneratedFiles.ALERTMANAGER, GeneratedFiles.LOKI_RULES, GeneratedFiles.ALERTS_REFERENCE);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = ModuleFiles.module(file.getKey());
            assertThat(Files.exists(target)).as(target + " exists (run the build to generate it)").isTrue();
            assertThat(Files.readString(target))
                    .as(file.getKey() + " (relative to alert-rules/) is out of date: run ./scripts/test.sh and commit it")
                    .isEqualTo(file.getValue());
        }
    }
}
