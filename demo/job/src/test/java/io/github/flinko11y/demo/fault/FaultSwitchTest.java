package io.github.flinko11y.demo.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultSwitchTest {

    @Test
    void wordsParseAndTyposNameTheChoices() {
        assertThat(Fault.parse(" restart-loop\n")).isEqualTo(Fault.RESTART_LOOP);
        assertThat(Fault.parse("FAIL-JOB")).isEqualTo(Fault.FAIL_JOB);
        assertThat(Fault.parse("")).isEqualTo(Fault.NONE);
        assertThatThrownBy(() -> Fault.parse("explode"))
                .hasMessage("unknown fault 'explode'; write one of none, restart-loop, backpressure, fail-job, lag");
    }

    @Test
    void followsTheFileWithinTheRecheckInterval(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fault");
        FaultSwitch faults = FaultSwitch.onFile(file.toString());
        assertThat(faults.current()).as("no file: healthy").isEqualTo(Fault.NONE);

        Files.writeString(file, "backpressure\n");
        awaitFault(faults, Fault.BACKPRESSURE);
        Files.writeString(file, "nonsense");
        awaitFault(faults, Fault.NONE);
        Files.writeString(file, "restart-loop");
        awaitFault(faults, Fault.RESTART_LOOP);
        Files.delete(file);
        awaitFault(faults, Fault.NONE);
    }

    @Test
    void noFileConfiguredIsAlwaysHealthy() {
        assertThat(FaultSwitch.onFile("").current()).isEqualTo(Fault.NONE);
        assertThat(FaultSwitch.onFile(null).is(Fault.NONE)).isTrue();
    }

    private static void awaitFault(FaultSwitch faults, Fault expected) {
        Fault current = Await.atMost(Duration.ofMillis(4 * FaultSwitch.RECHECK_MILLIS)).pollEvery(Duration.ofMillis(50))
                .latest(faults::current, expected::equals);
        assertThat(current).isEqualTo(expected);
    }
}
