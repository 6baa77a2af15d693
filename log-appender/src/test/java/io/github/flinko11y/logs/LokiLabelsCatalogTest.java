package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.LokiLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What the appender sends is what {@code catalog/loki-labels.json} says, so the dashboards' LogQL
 * and the Loki rules built from the catalog select the appender's streams and fields.
 */
class LokiLabelsCatalogTest {

    private static final LokiLabels CATALOG = Catalog.load(Path.of("..", "catalog")).loki();
    private static final FlinkLogContext CONTEXT = FlinkLogContext.from(
            Map.of("FLINK_O11Y_NAMESPACE", "ns", "FLINK_O11Y_CLUSTER_ID", "c1", "FLINK_O11Y_COMPONENT", "taskmanager",
                    "POD_NAME", "c1-tm-1", "NODE_NAME", "node-a"),
            new Properties(), () -> "host");

    @Test
    void streamLabelsAreTheCatalogs() {
        assertThat(names(new LokiFormat(CONTEXT, true, 100).labels())).isEqualTo(CATALOG.streamLabels());
    }

    @Test
    void structuredMetadataFieldsAreTheCatalogs() {
        assertThat(names(new LokiFormat(CONTEXT, true, 100).structuredMetadata())).isEqualTo(CATALOG.structuredMetadata());
    }

    @Test
    void onLoki2TheLevelIsTheOneLabelAddedAndAMetadataFieldOfTheCatalog() {
        List<String> loki2 = names(new LokiFormat(CONTEXT, false, 100).labels());
        List<String> expected = new ArrayList<>(CATALOG.streamLabels());
        expected.add("level");
        assertThat(loki2).isEqualTo(expected);
        assertThat(CATALOG.structuredMetadata()).contains("level");
    }

    @Test
    void levelsAndComponentsAreValuesTheAppenderWrites() {
        assertThat(CATALOG.levels()).containsExactlyInAnyOrder(
                Level.ERROR.levelStr, Level.WARN.levelStr, Level.INFO.levelStr, Level.DEBUG.levelStr, Level.TRACE.levelStr);
        assertThat(Arrays.stream(FlinkComponent.values()).map(FlinkComponent::labelValue))
                .containsAll(CATALOG.components());
        assertThat(CATALOG.components()).containsExactly(FlinkComponent.JOBMANAGER.labelValue(),
                FlinkComponent.TASKMANAGER.labelValue());
    }

    /** The names of loki4j's {@code name=value} lines. */
    private static List<String> names(String pairs) {
        List<String> names = new ArrayList<>();
        for (String line : pairs.split("\n")) {
            names.add(line.substring(0, line.indexOf('=')));
        }
        return names;
    }
}
