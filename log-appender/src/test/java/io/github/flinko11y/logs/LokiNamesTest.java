package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LokiNamesTest {

    @Test
    void flinkMdcKeyBecomesAValidLabelName() {
        assertThat(LokiNames.labelName("flink-job-id")).isEqualTo("flink_job_id");
        assertThat(LokiNames.labelName("k8s.pod/name")).isEqualTo("k8s_pod_name");
        assertThat(LokiNames.labelName("9lives")).isEqualTo("_9lives");
        assertThat(LokiNames.labelName("already_ok_1")).isEqualTo("already_ok_1");
    }

    @Test
    void emptyLabelNameIsRejected() {
        assertThatThrownBy(() -> LokiNames.labelName("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kubernetesNamesPassUnchangedAndPatternCharactersAreReplaced() {
        assertThat(LokiNames.labelValue("my-flink-taskmanager-1-3")).isEqualTo("my-flink-taskmanager-1-3");
        assertThat(LokiNames.labelValue("ip-10-0-1-2.eu-west-1.compute.internal"))
                .isEqualTo("ip-10-0-1-2.eu-west-1.compute.internal");
        assertThat(LokiNames.labelValue(" 100% {x}=y\nz ")).isEqualTo("100___x__y_z");
        assertThat(LokiNames.labelValue(null)).isEmpty();
    }

    @Test
    void longValuesAreCut() {
        assertThat(LokiNames.labelValue("a".repeat(1000))).hasSize(LokiNames.MAX_VALUE_LENGTH);
    }
}
