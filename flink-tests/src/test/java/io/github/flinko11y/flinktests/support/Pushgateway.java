package io.github.flinko11y.flinktests.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/** The real Pushgateway (Debian package prometheus-pushgateway) on a free loopback port, in memory. */
public final class Pushgateway implements AutoCloseable {

    private static final Path BINARY = Paths.get("/usr/bin/prometheus-pushgateway");

    private final Process process;
    private final int port;

    private Pushgateway(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Pushgateway start() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " not found: install the Debian package prometheus-pushgateway"
                    + " (./scripts/test.sh does)");
        }
        int port = FreePorts.one();
        Process process = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Pushgateway gateway = new Pushgateway(process, port);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!gateway.ready()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                gateway.close();
                throw new AssertionError("the Pushgateway did not become ready on port " + port);
            }
            Thread.sleep(100);
        }
        return gateway;
    }

    private boolean ready() {
        try {
            return get("/-/ready").startsWith("OK");
        } catch (IOException e) {
            return false;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** GET {@code path}; IOException when it fails or does not answer 200. */
    public String get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url() + path).openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(10_000);
        try {
            if (c.getResponseCode() != 200) {
                throw new IOException(path + " answered " + c.getResponseCode());
            }
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
