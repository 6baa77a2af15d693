package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobOptionsTest {

    @Test
    void defaultsAndOverrides() {
        JobOptions defaults = JobOptions.parse();
        assertThat(defaults.parallelism).isEqualTo(2);
        assertThat(defaults.inputTopic).isEqualTo("subscriber-events");
        assertThat(defaults.outputTopic).isEqualTo("fraud-signals");
        assertThat(defaults.faultFile).isEmpty();
        JobOptions set = JobOptions.parse("--parallelism", "3", "--fault-file", "/tmp/f",
                "--bootstrap-servers", "localhost:19092");
        assertThat(set.parallelism).isEqualTo(3);
        assertThat(set.faultFile).isEqualTo("/tmp/f");
        assertThat(set.bootstrapServers).isEqualTo("localhost:19092");
    }

    @Test
    void badInputNamesTheKey() {
        assertThatThrownBy(() -> JobOptions.parse("--parallelism", "many")).hasMessageContaining("--parallelism")
                .hasMessageContaining("'many'");
        assertThatThrownBy(() -> JobOptions.parse("--parallelism", "0")).hasMessageContaining("--parallelism");
        assertThatThrownBy(() -> JobOptions.parse("--rate", "1")).hasMessageContaining("unknown option --rate");
        assertThatThrownBy(() -> JobOptions.parse("--parallelism")).hasMessageContaining("'--key value' pairs");
    }
}
