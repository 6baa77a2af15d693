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
        assertThat(new LokiFormat(context, true).labels())
                .isEqualTo("namespace=ns\ncluster=c1\ncomponent=jobmanager\napp=c1");
    }

    @Test
    void loki3CarriesTheFieldsAsStructuredMetadata() {
        LokiFormat format = new LokiFormat(context, true);
        assertThat(format.structuredMetadata()).isEqualTo(
                "level=%level\npod=c1-jm-0\nnode=node-a\nflink_job_id=%mdc{flink-job-id}\nthread=%thread\nlogger=%logger");
        assertThat(format.messagePattern()).isEqualTo("%msg%replace(%n%ex){'\\n$', ''}%nopex");
    }

    @Test
    void loki2FoldsTheFieldsIntoTheLine() {
        LokiFormat format = new LokiFormat(context, false);
        assertThat(format.structuredMetadata()).isEqualTo("off");
        assertThat(format.messagePattern()).startsWith(
                "level=%level pod=c1-jm-0 node=node-a flink_job_id=%mdc{flink-job-id} thread=\"");
    }

    @Test
    void structuredMetadataSwitchAcceptsOnlyTrueOrFalse() {
        assertThat(LokiFormat.parseStructuredMetadata(null)).isTrue();
        assertThat(LokiFormat.parseStructuredMetadata(" FALSE ")).isFalse();
        assertThatThrownBy(() -> LokiFormat.parseStructuredMetadata("loki2"))
                .hasMessageStartingWith("FLINK_O11Y_LOKI_STRUCTURED_METADATA: \"loki2\" is neither true");
    }
}
