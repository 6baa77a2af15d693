package io.github.flinko11y.testsupport.servers;

import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The Debian package's Alertmanager on a free loopback port, clustering off, with a config the test writes. */
public final class AlertmanagerServer implements AutoCloseable {
    public static final Path BINARY = Paths.get("/usr/bin/prometheus-alertmanager");

    private final ManagedProcess process;
    private final String url;

    private AlertmanagerServer(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts Alertmanager with {@code config} (YAML text) written to {@code dir/alertmanager.yml}; returns when ready. */
    public static AlertmanagerServer start(Path dir, String config) {
        ManagedProcess.requireExecutable(BINARY, "prometheus-alertmanager");
        int port = FreePorts.one();
        try {
            Files.writeString(dir.resolve("alertmanager.yml"), config);
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://127.0.0.1:" + port;
        ManagedProcess process = ManagedProcess.startServer("alertmanager", List.of(BINARY.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn"), dir, url + "/-/ready");
        return new AlertmanagerServer(process, url);
    }

    /** host:port, as Prometheus's alertmanager static config wants it. */
    public String address() {
        return url.substring("http://".length());
    }

    public String url() {
        return url;
    }

    public String tail(int lines) {
        return process.tail(lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
