package io.github.flinko11y.testsupport.servers;

import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.HttpProbe;
import io.github.flinko11y.testsupport.process.ManagedProcess;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The Debian package's Pushgateway on a free loopback port, in memory (no persistence file). */
public final class PushgatewayServer implements AutoCloseable {
    public static final Path BINARY = Paths.get("/usr/bin/prometheus-pushgateway");

    private final ManagedProcess process;
    private final String url;

    private PushgatewayServer(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts the Pushgateway, its output in {@code dir}; returns when it is ready. */
    public static PushgatewayServer start(Path dir) {
        ManagedProcess.requireExecutable(BINARY, "prometheus-pushgateway");
        int port = FreePorts.one();
        String url = "http://127.0.0.1:" + port;
        ManagedProcess process = ManagedProcess.startServer("pushgateway", List.of(BINARY.toString(),
                "--web.listen-address=127.0.0.1:" + port, "--persistence.file="), dir, url + "/-/ready");
        return new PushgatewayServer(process, url);
    }

    public String url() {
        return url;
    }

    public int port() {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    /** GET {@code path} (e.g. {@code /metrics}), which must answer 200. */
    public String get(String path) {
        return HttpProbe.get(url + path);
    }

    public String tail(int lines) {
        return process.tail(lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
