package io.github.flinko11y.alerts.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.alerts.testing.ModuleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog reader: values as the rules need them, and errors that name the file, the key and the fix. */
class CatalogTest {

    private final Catalog catalog = Catalog.load(ModuleFiles.REPOSITORY);

    @Test
    void readsNamesThresholdsAndRecordingRules() {
        assertThat(catalog.scrapeJob()).isEqualTo("flink");
        assertThat(catalog.metric("job.numRestarts")).isEqualTo("flink_jobmanager_job_numRestarts");
        assertThat(catalog.duration("checkpointMaxAge")).isEqualTo("30m");
        assertThat(catalog.number("heapUsedRatio")).isEqualTo("0.9");
        assertThat(catalog.forDuration("medium")).isEqualTo("10m");
        assertThat(catalog.recorded("tm_id", "taskmanager.heapUsed", "ratio"))
                .isEqualTo("tm_id:flink_taskmanager_Status_JVM_Memory_Heap_Used:ratio");
    }

    @Test
    void unknownNamesAreErrorsThatSayWhereToAddThem() {
        assertThatThrownBy(() -> catalog.metric("job.numRestart"))
                .hasMessageStartingWith("catalog/flink-metrics.json: no metric with \"id\": \"job.numRestart\"; add it");
        assertThatThrownBy(() -> catalog.duration("restartWindw"))
                .hasMessage("catalog/thresholds.json: no threshold with \"id\": \"restartWindw\"; add it to \"thresholds\"");
        assertThatThrownBy(() -> catalog.recorded("tm_id", "taskmanager.heapUsed", "max"))
                .hasMessage("catalog/recording-rules.json: no rule records"
                        + " \"tm_id:flink_taskmanager_Status_JVM_Memory_Heap_Used:max\"; add it to \"rules\"");
        assertThatThrownBy(() -> catalog.forDuration("forever"))
                .hasMessageStartingWith("catalog/thresholds.json: \"forDurations\" needs a duration under \"forever\"");
    }

    @Test
    void aThresholdOfTheWrongKindNamesItsIdAndTheKindNeeded() {
        assertThatThrownBy(() -> catalog.number("restartWindow"))
                .hasMessage("catalog/thresholds.json: threshold \"restartWindow\" must be a number, not \"10m\"");
        assertThatThrownBy(() -> catalog.duration("heapUsedRatio"))
                .hasMessage("catalog/thresholds.json: threshold \"heapUsedRatio\" must be a duration like \"10m\", not 0.9");
    }

    @Test
    void aMissingFieldNamesTheFileAndField(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("catalog"));
        for (String file : new String[] {Catalog.METRICS_FILE, Catalog.THRESHOLDS_FILE, Catalog.RECORDING_RULES_FILE}) {
            Files.copy(ModuleFiles.REPOSITORY.resolve("catalog").resolve(file), dir.resolve(file));
        }
        Files.writeString(dir.resolve(Catalog.METRICS_FILE), "{\"metrics\": []}");
        assertThatThrownBy(() -> Catalog.load(root))
                .hasMessageStartingWith("catalog/flink-metrics.json: missing \"scrapeJob\"");
    }

    @Test
    void durationsConvertToSeconds() {
        assertThat(Durations.seconds("90s")).isEqualTo(90);
        assertThat(Durations.seconds("10m")).isEqualTo(600);
        assertThat(Durations.seconds("2h")).isEqualTo(7200);
        assertThatThrownBy(() -> Durations.seconds("10 minutes"))
                .hasMessage("\"10 minutes\" is not a duration like 90s, 10m or 1h");
    }
}
