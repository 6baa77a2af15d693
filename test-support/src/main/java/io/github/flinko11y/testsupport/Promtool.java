package io.github.flinko11y.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code promtool check metrics} (Prometheus's own parser and linter) on a body. */
public final class Promtool {

    private static final Path PROMTOOL = Paths.get(System.getProperty("promtool", "/usr/bin/promtool"));

    /** promtool's exit code when the body parsed but lint rules complain (camelCase names, "_count" gauges). */
    private static final int LINT_PROBLEMS = 3;

    /** What promtool said about one body. */
    public static final class Result {
        public final int exitCode;
        public final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        /**
         * True when Prometheus's parser accepted the body. Lint findings (camelCase names, counters
         * without {@code _total}) are expected for Flink's names and do not count.
         */
        public boolean parsed() {
            return (exitCode == 0 || exitCode == LINT_PROBLEMS) && !output.contains("error while linting");
        }

        @Override
        public String toString() {
            return "promtool exit " + exitCode + ": " + output;
        }
    }

    private Promtool() {}

    public static Result checkMetrics(String body) {
        if (!Files.isExecutable(PROMTOOL)) {
            throw new AssertionError(PROMTOOL + " is missing: these tests validate the exposition with"
                    + " Prometheus's own parser. Install it with `apt-get install prometheus`.");
        }
        try {
            Process process = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(body.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool check metrics did not finish within 60 s");
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError("could not read promtool's output", e);
        }
    }

    private static String readAll(InputStream in) {
        try (InputStream i = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            i.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
