package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LokiFormatTest {

    private final FlinkLogContext context = FlinkLogContext.from(
            Map.of("FLINK_O11Y_NAMESPACE", "ns", "FLINK_O11Y_CLUSTER_ID", "c1", "FLINK_O11Y_COMPONENT", "jobmanager",
                    "POD_NAME", "c1-jm-0", "NODE_NAME", "node-a"),
            new Properties(), () -> "host");

    @Test
    void labelsAreOnePairPerLine() {
        assertThat(new LokiFormat(context, true, 100).labels())
                .isEqualTo("namespace=ns\nflink_cluster=c1\ncomponent=jobmanager\napp=c1");
    }

    @Test
    void loki3CarriesTheFieldsAsStructuredMetadata() {
        LokiFormat format = new LokiFormat(context, true, 100);
        assertThat(format.structuredMetadata()).isEqualTo(
                "level=%level\npod=c1-jm-0\nnode=node-a\nflink_job_id=%mdc{flink-job-id}\nthread=%thread\nlogger=%logger");
        assertThat(format.messagePattern()).isEqualTo("%o11yLine{100}");
    }

    @Test
    void loki3LabelsAreConstantsOfTheProcess() {
        assertThat(new LokiFormat(context, true, 100).staticLabels()).isEqualTo("true");
    }

    @Test
    void loki2FoldsTheFieldsIntoTheLineAndMakesLevelALabel() {
        LokiFormat format = new LokiFormat(context, false, 100);
        assertThat(format.structuredMetadata()).isEqualTo("off");
        assertThat(format.labels()).isEqualTo("namespace=ns\nflink_cluster=c1\ncomponent=jobmanager\napp=c1\nlevel=%level");
        assertThat(format.staticLabels()).isEqualTo("false");
        assertThat(format.messagePattern()).startsWith(
                "%o11yTruncate(pod=c1-jm-0 node=node-a flink_job_id=%mdc{flink-job-id} thread=\"");
    }

    @Test
    void maxLineCharsMustBePositive() {
        assertThat(LokiFormat.parseMaxLineChars(null)).isEqualTo(65536);
        assertThat(LokiFormat.parseMaxLineChars(" 1000 ")).isEqualTo(1000);
        assertThatThrownBy(() -> LokiFormat.parseMaxLineChars("0"))
                .hasMessage("FLINK_O11Y_LOKI_MAX_LINE_CHARS: \"0\" is not a positive number of characters");
        assertThatThrownBy(() -> LokiFormat.parseMaxLineChars("64k"))
                .hasMessage("FLINK_O11Y_LOKI_MAX_LINE_CHARS: \"64k\" is not a positive number of characters");
    }

    @Test
    void structuredMetadataSwitchAcceptsOnlyTrueOrFalse() {
        assertThat(LokiFormat.parseStructuredMetadata(null)).isTrue();
        assertThat(LokiFormat.parseStructuredMetadata(" FALSE ")).isFalse();
        assertThatThrownBy(() -> LokiFormat.parseStructuredMetadata("loki2"))
                .hasMessageStartingWith("FLINK_O11Y_LOKI_STRUCTURED_METADATA: \"loki2\" is neither true");
    }
}
