package io.github.flinko11y.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports that were free a moment ago, for servers and reporters that must be told their port up
 * front (Prometheus, Alertmanager, Flink's REST and RPC ports, the exporter's port ranges).
 */
public final class FreePorts {

    private FreePorts() {}

    /** A port free on every interface (so also on loopback, where the tests' servers listen). */
    public static int one() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** The first of {@code count} consecutive free ports, for reporters given a port range. */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = one();
            if (first + count - 1 > 65535) {
                continue;
            }
            boolean allFree = true;
            for (int p = first + 1; p < first + count && allFree; p++) {
                allFree = isFree(p);
            }
            if (allFree) {
                return first;
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free ports in 100 attempts");
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
