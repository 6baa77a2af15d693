package io.github.flinko11y.testsupport.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool of the machine (promtool, amtool, kubectl, nginx, npm) to completion
 * and keeps its exit code and merged output. Never leaves the tool running after a failure.
 */
public final class CommandLineTool {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** Exit code and the merged stdout and stderr of one run. */
    public static final class Result {
        private final int exitCode;
        private final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        public int exitCode() {
            return exitCode;
        }

        public String output() {
            return output;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    private CommandLineTool() {}

    public static Result run(Path workDir, String... command) {
        return run(workDir, null, List.of(command), DEFAULT_TIMEOUT);
    }

    public static Result run(Path workDir, String stdin, List<String> command) {
        return run(workDir, stdin, command, DEFAULT_TIMEOUT);
    }

    /** Runs {@code command} in {@code workDir} with {@code stdin} (may be null) as its input. */
    public static Result run(Path workDir, String stdin, List<String> command, Duration timeout) {
        requireOnPath(command.get(0));
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
        try {
            // read while writing: a tool that answers before reading all its input must not block us
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command.get(0), e);
        } catch (Exception e) {
            throw new AssertionError("could not read the output of " + command.get(0), e);
        } finally {
            process.destroyForcibly(); // no-op when it ended
        }
    }

    /** An absolute path must be executable; a bare name must be found on the PATH. */
    public static void requireOnPath(String binary) {
        if (binary.contains(File.separator)) {
            if (Files.isExecutable(Paths.get(binary))) {
                return;
            }
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, binary))) {
                    return;
                }
            }
        }
        throw new AssertionError(binary + " is not on the PATH: ./scripts/test.sh installs the Debian packages"
                + " prometheus (promtool), prometheus-alertmanager (amtool) and nginx-light (nginx);"
                + " kubectl 1.32, node and npm come with the machine image");
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
