package io.github.flinko11y.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Debian package's Alertmanager on a free loopback port, clustering off. */
public final class AlertmanagerServer implements AutoCloseable {
    public static final String BINARY = "/usr/bin/prometheus-alertmanager";

    private final ManagedProcess process;
    private final String url;

    private AlertmanagerServer(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    public static AlertmanagerServer start(Path dir, String config) {
        int port = FreePort.next();
        try {
            Files.writeString(dir.resolve("alertmanager.yml"), config);
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = ManagedProcess.start("alertmanager", List.of(BINARY,
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn"), Map.of(), dir);
        AlertmanagerServer server = new AlertmanagerServer(process, "http://127.0.0.1:" + port);
        try {
            Http.await("Alertmanager ready", Duration.ofSeconds(60),
                    () -> Http.status(server.url + "/-/ready") == 200 || !process.isAlive());
            if (!process.isAlive()) {
                throw new IllegalStateException("Alertmanager exited\n" + process.tail(30));
            }
        } catch (RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
        return server;
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
