package io.github.flinko11y.testsupport.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @Test
    void aMissingServerBinaryNamesItsDebianPackageAndTheScriptThatInstallsIt(@TempDir Path dir) {
        Path binary = dir.resolve("prometheus-pushgateway");
        assertThatThrownBy(() -> ManagedProcess.requireExecutable(binary, "prometheus-pushgateway"))
                .isInstanceOf(AssertionError.class)
                .hasMessage(binary + " is missing: install the Debian package prometheus-pushgateway"
                        + " (./scripts/test.sh does)");
    }
}
