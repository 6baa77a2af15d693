package io.github.flinko11y.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineToolTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheExitCodeAndTheMergedOutputOfARunFedOnStdin() {
        CommandLineTool.Result result = CommandLineTool.run(dir, "line one\nline two\n",
                List.of("sh", "-c", "wc -l; echo oops >&2; exit 3"), Duration.ofSeconds(30));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output().replace(" ", "")).isEqualTo("2\noops\n");
    }

    @Test
    void aToolMissingFromThePathIsNamed() {
        assertThatThrownBy(() -> CommandLineTool.run(dir, "no-such-tool-here", "--version"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("no-such-tool-here is not on the PATH");
    }
}
