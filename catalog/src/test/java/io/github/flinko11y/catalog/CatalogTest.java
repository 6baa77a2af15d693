package io.github.flinko11y.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The catalog model, read from the fixture catalog: labels, metrics, thresholds, Loki labels. */
class CatalogTest {

    private final Catalog catalog = Fixtures.catalog();

    @Test
    void labelNamesComeFromLabelsJson() {
        Labels labels = catalog.labels();
        assertThat(labels.scrapeJob()).isEqualTo("flink-fixture");
        assertThat(labels.target("cluster")).isEqualTo("flink_cluster");
        assertThat(labels.clusterKey()).containsExactly("ns", "flink_cluster");
        assertThat(labels.aggregation("job").labels()).containsExactly("ns", "flink_cluster", "job_id", "job_name");
        assertThat(labels.aggregation("job").by()).isEqualTo("ns, flink_cluster, job_id, job_name");
        assertThat(labels.notificationKey()).containsExactly("ns", "flink_cluster", "job_name");
        assertThat(labels.template("job_name")).isEqualTo("{{ $labels.job_name }}");
        assertThat(catalog.labelsOf("job.numRestarts"))
                .containsExactly("ns", "flink_cluster", "pod", "host", "job_id", "job_name");
    }

    @Test
    void metricsKeepEveryField() {
        Metric metric = catalog.metric("job.lastCheckpointCompletedTimestamp");
        assertThat(metric.name()).isEqualTo("flink_jobmanager_job_lastCheckpointCompletedTimestamp");
        assertThat(metric.scope()).isEqualTo("job");
        assertThat(metric.unit()).isEqualTo("dateTimeAsIso");
        assertThat(metric.absentOn()).containsExactly("1.20");
        assertThat(metric.absentOn("2.3")).isFalse();
        assertThat(metric.plainStreamingJob()).isFalse();
        assertThat(metric.note()).isEqualTo("New in 2.x.");
        assertThat(catalog.metric("job.numRestarts").plainStreamingJob()).isTrue();
        assertThat(catalog.metrics()).hasSize(5);
    }

    @Test
    void thresholdsAsPromqlWritesThem() {
        Thresholds t = catalog.thresholds();
        assertThat(t.duration("restartWindow")).isEqualTo("1h30m");
        assertThat(t.seconds("restartWindow")).isEqualTo("5400");
        assertThat(t.seconds("scrapeTimeout")).isEqualTo("0.5");
        assertThat(t.millis("scrapeTimeout")).isEqualTo(500);
        assertThat(t.number("heapUsedRatio")).isEqualTo("0.75");
        assertThat(t.number("restartLoopCount")).isEqualTo("4");
        assertThat(t.forDuration("medium")).isEqualTo("5m");
        assertThat(t.all()).extracting(Threshold::id)
                .containsExactly("restartWindow", "scrapeTimeout", "heapUsedRatio", "restartLoopCount");
    }

    @Test
    void lokiLabelsAreChecked() {
        assertThat(catalog.loki().field("flink_cluster")).isEqualTo("flink_cluster");
        assertThat(catalog.loki().field("level")).isEqualTo("level");
        assertThat(catalog.loki().components()).containsExactly("jobmanager", "taskmanager");
        assertThatThrownBy(() -> catalog.loki().field("thread"))
                .hasMessage("catalog/loki-labels.json: \"thread\" is neither a stream label nor a structured-metadata"
                        + " field; add it or fix the name");
        assertThatThrownBy(() -> catalog.loki().level("WARN"))
                .hasMessage("catalog/loki-labels.json: \"WARN\" is not in \"levels\" [ERROR, INFO]");
    }

    @Test
    void unknownNamesAreErrorsThatSayWhereToAddThem() {
        assertThatThrownBy(() -> catalog.metric("job.numRestart"))
                .hasMessage("catalog/flink-metrics.json: no metric with \"id\": \"job.numRestart\"; add it to \"metrics\""
                        + " or fix the id");
        assertThatThrownBy(() -> catalog.thresholds().duration("restartWindw"))
                .hasMessage("catalog/thresholds.json: no threshold with \"id\": \"restartWindw\"; add it to \"thresholds\"");
        assertThatThrownBy(() -> catalog.thresholds().forDuration("forever"))
                .hasMessage("catalog/thresholds.json: \"forDurations\" has no \"forever\" (has [short, medium])");
        assertThatThrownBy(() -> catalog.labels().label("task_id"))
                .hasMessage("catalog/labels.json: label \"task_id\" is neither a target label nor in any labelSets entry;"
                        + " add it there or fix the name");
        assertThatThrownBy(() -> catalog.labels().aggregation("operator"))
                .hasMessage("catalog/labels.json: no aggregation \"operator\" (has [job, task])");
    }

    @Test
    void aThresholdOfTheWrongKindNamesItsIdAndTheKindNeeded() {
        assertThatThrownBy(() -> catalog.thresholds().number("restartWindow"))
                .hasMessage("catalog/thresholds.json: threshold \"restartWindow\" must be a number, not \"1h30m\"");
        assertThatThrownBy(() -> catalog.thresholds().duration("heapUsedRatio"))
                .hasMessage("catalog/thresholds.json: threshold \"heapUsedRatio\" must be a duration like \"10m\""
                        + " (unit \"duration\"), not 0.75");
    }

    @Test
    void referencesToNothingAreRejectedWhenLoading() {
        ObjectNode files = Fixtures.files();
        ((ObjectNode) files.get("flink-metrics.json").get("metrics").get(0)).put("scope", "operator");
        assertThatThrownBy(() -> Catalog.of(files))
                .hasMessage("catalog/flink-metrics.json: metric \"job.numRestarts\" has scope \"operator\", which is no"
                        + " labelSets entry of catalog/labels.json");

        ObjectNode unknownLabel = Fixtures.files();
        ((ArrayNode) unknownLabel.get("labels.json").get("aggregations").get("job").get("by")).add("job_nme");
        assertThatThrownBy(() -> Catalog.of(unknownLabel))
                .hasMessage("catalog/labels.json: aggregations.job.by names label \"job_nme\", which is neither a target"
                        + " label nor in any labelSets entry; add it there or fix the name");

        ObjectNode duplicate = Fixtures.files();
        ((ArrayNode) duplicate.get("flink-metrics.json").get("metrics")).add(duplicate.get("flink-metrics.json")
                .get("metrics").get(0).deepCopy());
        assertThatThrownBy(() -> Catalog.of(duplicate))
                .hasMessage("catalog/flink-metrics.json: metric id \"job.numRestarts\" appears twice");
    }

    @Test
    void theRepositorysCatalogLoads() {
        Catalog repository = Catalog.load(Path.of("").toAbsolutePath());
        assertThat(repository.metrics()).isNotEmpty().allSatisfy(m -> assertThat(repository.labelsOf(m.id()))
                .containsAll(repository.labels().targets()));
        assertThat(repository.recordingRules().all()).isNotEmpty();
    }
}
