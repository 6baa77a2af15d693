package io.github.flinko11y.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aPortInUseIsNotFreeAndAReturnedPortCanBeBound() throws Exception {
        int port = FreePorts.one();
        assertThat(FreePorts.isFree(port)).isTrue();
        try (ServerSocket taken = new ServerSocket(port)) {
            assertThat(FreePorts.isFree(port)).isFalse();
        }
    }

    @Test
    void consecutivePortsAreAllFree() {
        int first = FreePorts.consecutive(3);
        assertThat(FreePorts.isFree(first)).isTrue();
        assertThat(FreePorts.isFree(first + 1)).isTrue();
        assertThat(FreePorts.isFree(first + 2)).isTrue();
    }
}
