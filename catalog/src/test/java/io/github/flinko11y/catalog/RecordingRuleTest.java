package io.github.flinko11y.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Record names and expressions are derived from the rule's data, each operation in one way. */
class RecordingRuleTest {

    private final Catalog catalog = Fixtures.catalog();

    @Test
    void anAggregationKeepsTheClusterKeyAndTheLevelsLabels() {
        RecordingRule rule = catalog.recordingRules().find("task.busyTimeMsPerSecond", "max", "job_name_task_name");
        assertThat(rule.record()).isEqualTo("job_name_task_name:flink_taskmanager_job_task_busyTimeMsPerSecond:max");
        assertThat(rule.expr()).isEqualTo("max by (ns, flink_cluster, job_id, job_name, task_name)"
                + " (flink_taskmanager_job_task_busyTimeMsPerSecond)");
        assertThat(rule.keptLabels()).containsExactly("ns", "flink_cluster", "job_id", "job_name", "task_name");
    }

    @Test
    void anAgeIsCountedOnlyOnceTheTimestampIsPositive() {
        RecordingRule rule = catalog.recordingRules().find("job.lastCheckpointCompletedTimestamp", "age_seconds", "job_name");
        assertThat(rule.record()).isEqualTo("job_name:flink_jobmanager_job_lastCheckpointCompletedTimestamp:age_seconds");
        String latest = "max by (ns, flink_cluster, job_id, job_name) (flink_jobmanager_job_lastCheckpointCompletedTimestamp)";
        assertThat(rule.expr()).isEqualTo("time() - " + latest + " / 1000 and " + latest + " > 0");
    }

    @Test
    void aRatioDividesSeriesBySeriesAndReadsBothMetrics() {
        RecordingRule rule = catalog.recordingRules().find("taskmanager.heapUsed", "ratio", "tm_id");
        assertThat(rule.record()).isEqualTo("tm_id:flink_taskmanager_Status_JVM_Memory_Heap_Used:ratio");
        assertThat(rule.expr())
                .isEqualTo("flink_taskmanager_Status_JVM_Memory_Heap_Used / flink_taskmanager_Status_JVM_Memory_Heap_Max");
        assertThat(rule.inputs()).extracting(Metric::id).containsExactly("taskmanager.heapUsed", "taskmanager.heapMax");
        assertThat(rule.keptLabels()).isEmpty();
    }

    @Test
    void theRuleGroupHasTheRecordsAndExpressionsAtTheIntervalAsked() {
        List<Map<String, Object>> groups = catalog.recordingRules().ruleGroups("1s");
        assertThat(groups).hasSize(1);
        Map<String, Object> group = groups.get(0);
        assertThat(group).containsEntry("name", "fixture-recording-rules").containsEntry("interval", "1s");
        assertThat((List<?>) group.get("rules")).hasSize(3).first()
                .isEqualTo(Map.of("record", "job_name_task_name:flink_taskmanager_job_task_busyTimeMsPerSecond:max",
                        "expr", "max by (ns, flink_cluster, job_id, job_name, task_name)"
                                + " (flink_taskmanager_job_task_busyTimeMsPerSecond)"));
        assertThat(catalog.recordingRules().ruleGroups().get(0)).containsEntry("interval", "15s");
    }

    @Test
    void anExclusionLeavesOutTheSubtasksWhoseOtherMetricIsAboveItsThreshold() {
        ObjectNode files = Fixtures.files();
        ((ArrayNode) files.get("flink-metrics.json").get("metrics")).addObject().put("id", "task.idleTime")
                .put("name", "flink_taskmanager_job_task_idleTime").put("scope", "task").put("type", "gauge")
                .put("unit", "ms").put("source", "flink").put("help", "Idle.");
        ObjectNode except = ((ObjectNode) files.get("recording-rules.json").get("rules").get(0)).putObject("exceptWhere");
        except.put("metric", "task.idleTime").put("above", "restartWindow");
        except.putArray("on").add("job_id").add("task_name");
        RecordingRule rule = Catalog.of(files).recordingRules().all().get(0);
        assertThat(rule.expr()).isEqualTo("max by (ns, flink_cluster, job_id, job_name, task_name)"
                + " (flink_taskmanager_job_task_busyTimeMsPerSecond unless on (job_id, task_name)"
                + " flink_taskmanager_job_task_idleTime > 5400000)");
        assertThat(rule.inputs()).extracting(Metric::id).containsExactly("task.busyTimeMsPerSecond", "task.idleTime");

        except.putArray("on").add("operator_name");
        assertThatThrownBy(() -> Catalog.of(files))
                .hasMessage("catalog/recording-rules.json: rules[0]: exceptWhere.on names label \"operator_name\","
                        + " which metric \"task.busyTimeMsPerSecond\" does not carry");
    }

    @Test
    void aRuleThatIsNotThereNamesWhatToAdd() {
        assertThatThrownBy(() -> catalog.recorded("job_name", "task.busyTimeMsPerSecond", "max"))
                .hasMessage("catalog/recording-rules.json: no rule applies \"max\" to metric \"task.busyTimeMsPerSecond\""
                        + " at level \"job_name\"; add it to \"rules\"");
    }

    @Test
    void aRuleOnAnUnknownMetricOrAggregationIsRejectedWhenLoading() {
        ObjectNode files = Fixtures.files();
        ((ObjectNode) files.get("recording-rules.json").get("rules").get(0)).put("metric", "task.idleTimeMsPerSecond");
        assertThatThrownBy(() -> Catalog.of(files))
                .hasMessage("catalog/recording-rules.json: rules[0]: metric \"task.idleTimeMsPerSecond\" is not in"
                        + " catalog/flink-metrics.json; add it there or fix the id");

        ObjectNode aggregation = Fixtures.files();
        ((ObjectNode) aggregation.get("recording-rules.json").get("rules").get(1)).put("aggregation", "operator");
        assertThatThrownBy(() -> Catalog.of(aggregation))
                .hasMessage("catalog/recording-rules.json: rules[1]: aggregation \"operator\" is not in \"aggregations\""
                        + " of catalog/labels.json");
    }

    @Test
    void twoRulesWithOneRecordNameAreRejected() {
        ObjectNode files = Fixtures.files();
        ArrayNode rules = (ArrayNode) files.get("recording-rules.json").get("rules");
        rules.add(rules.get(0).deepCopy());
        assertThatThrownBy(() -> Catalog.of(files))
                .hasMessage("catalog/recording-rules.json: two rules record"
                        + " \"job_name_task_name:flink_taskmanager_job_task_busyTimeMsPerSecond:max\"; a metric, operation"
                        + " and level must be unique");
    }

    /** The fixture plus Flink pod labels, a container restart count and the pod level: an info and a join rule. */
    private static ObjectNode withKubernetesJoin() {
        ObjectNode files = Fixtures.files();
        ObjectNode labels = (ObjectNode) files.get("labels.json");
        ((ObjectNode) labels.get("labelSets")).putArray("kubePodLabels").add("uid").add("label_app").add("label_component")
                .add("label_type");
        ((ObjectNode) labels.get("labelSets")).putArray("kubeContainerReason").add("uid").add("container").add("reason");
        ((ObjectNode) labels.get("labelSets")).putArray("process").add("component");
        ObjectNode pod = ((ObjectNode) labels.get("aggregations")).putObject("pod").put("level", "flink_pod");
        pod.putArray("by").add("pod").add("component");
        ArrayNode metrics = (ArrayNode) files.get("flink-metrics.json").get("metrics");
        metrics.addObject().put("id", "k8s.podLabels").put("name", "kube_pod_labels").put("scope", "kubePodLabels")
                .put("type", "gauge").put("unit", "short").put("source", "kube-state-metrics").put("help", "Pod labels.");
        metrics.addObject().put("id", "k8s.lastReason").put("name", "kube_pod_container_status_last_terminated_reason")
                .put("scope", "kubeContainerReason").put("type", "gauge").put("unit", "short")
                .put("source", "kube-state-metrics").put("help", "Last terminated reason.");
        ObjectNode recording = (ObjectNode) files.get("recording-rules.json");
        recording.put("joinGroup", "fixture-kubernetes");
        ObjectNode info = ((ArrayNode) recording.get("rules")).addObject().put("metric", "k8s.podLabels").put("operation", "info")
                .put("aggregation", "pod").put("description", "Flink pods.");
        info.putObject("where").put("label_type", "flink-native-kubernetes|flink-standalone-kubernetes");
        info.putObject("from").put("flink_cluster", "label_app").put("component", "label_component");
        ObjectNode join = ((ArrayNode) recording.get("rules")).addObject().put("metric", "k8s.lastReason")
                .put("operation", "join").put("aggregation", "pod").put("description", "Last reason.");
        join.putObject("where").put("container", "flink-main-container");
        join.putArray("keep").add("reason");
        return files;
    }

    @Test
    void aJoinBringsAKubernetesSeriesOfFlinksPodsToTheKitsLabelsInItsOwnGroup() {
        RecordingRules rules = Catalog.of(withKubernetesJoin()).recordingRules();
        RecordingRule info = rules.find("k8s.podLabels", "info", "flink_pod");
        assertThat(info.expr()).isEqualTo("max by (ns, flink_cluster, pod, component) (label_replace(label_replace("
                + "kube_pod_labels{label_type=~\"flink-native-kubernetes|flink-standalone-kubernetes\"}, \"flink_cluster\","
                + " \"$1\", \"label_app\", \"(.*)\"), \"component\", \"$1\", \"label_component\", \"(.*)\"))");
        RecordingRule join = rules.find("k8s.lastReason", "join", "flink_pod");
        assertThat(join.record()).isEqualTo("flink_pod:kube_pod_container_status_last_terminated_reason:join");
        assertThat(join.expr()).isEqualTo("max by (ns, flink_cluster, pod, component, reason)"
                + " (kube_pod_container_status_last_terminated_reason{container=~\"flink-main-container\"}"
                + " * on (ns, pod) group_left (flink_cluster, component) flink_pod:kube_pod_labels:info)");
        assertThat(join.keptLabels()).containsExactly("ns", "flink_cluster", "pod", "component", "reason");
        assertThat(join.inputs()).extracting(Metric::id).containsExactly("k8s.lastReason", "k8s.podLabels");
        List<Map<String, Object>> groups = rules.ruleGroups("30s");
        assertThat(groups).extracting(g -> g.get("name")).containsExactly("fixture-recording-rules", "fixture-kubernetes");
        assertThat((List<?>) groups.get(1).get("rules")).hasSize(2);
    }

    @Test
    void aJoinWithoutItsInfoRuleOrWithALabelItsMetricLacksIsRejected() {
        ObjectNode noInfo = withKubernetesJoin();
        ((ArrayNode) noInfo.get("recording-rules.json").get("rules")).remove(3);
        assertThatThrownBy(() -> Catalog.of(noInfo))
                .hasMessage("catalog/recording-rules.json: rule \"flink_pod:kube_pod_container_status_last_terminated_reason:join\""
                        + " joins at level \"flink_pod\", which has no \"info\" rule; add one");

        ObjectNode badKeep = withKubernetesJoin();
        ((ObjectNode) badKeep.get("recording-rules.json").get("rules").get(4)).putArray("keep").add("phase");
        assertThatThrownBy(() -> Catalog.of(badKeep))
                .hasMessage("catalog/recording-rules.json: rules[4].keep names label \"phase\", which metric"
                        + " \"k8s.lastReason\" does not carry ([uid, container, reason])");
    }
}
