package io.github.flinko11y.demo.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobOptionsTest {

    @Test
    void defaultsAndOverrides() {
        JobOptions defaults = JobOptions.parse();
        assertThat(defaults.ratePerSecond).isEqualTo(100);
        assertThat(defaults.events).isEqualTo(Long.MAX_VALUE);
        assertThat(defaults.faultFile).isEmpty();
        JobOptions set = JobOptions.parse("--rate", "250", "--fault-file", "/tmp/f", "--events", "10");
        assertThat(set.ratePerSecond).isEqualTo(250);
        assertThat(set.faultFile).isEqualTo("/tmp/f");
        assertThat(set.events).isEqualTo(10);
    }

    @Test
    void badInputNamesTheKey() {
        assertThatThrownBy(() -> JobOptions.parse("--rate", "fast")).hasMessageContaining("--rate")
                .hasMessageContaining("'fast'");
        assertThatThrownBy(() -> JobOptions.parse("--rate", "0")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> JobOptions.parse("--speed", "1")).hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> JobOptions.parse("--rate")).hasMessageContaining("'--key value' pairs");
    }
}
