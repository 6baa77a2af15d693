package io.github.flinko11y.testsupport.process;

import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.HttpProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child process whose output goes to {@code <workDir>/<name>.out}, stopped on {@link #close()}:
 * politely first (so Flink and Prometheus run their shutdown hooks, as in a pod), then by force.
 * Every server a test starts is one of these, closed in a finally block or try-with-resources.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final Path output;

    private ManagedProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path workDir) {
        Path output = workDir.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        try {
            return new ManagedProcess(name, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
        }
    }

    /**
     * Starts a server and waits until {@code readyUrl} answers 200; stops it and fails with its
     * output when it exits or is not ready within a minute.
     */
    public static ManagedProcess startServer(String name, List<String> command, Path workDir, String readyUrl) {
        return startServer(name, command, Map.of(), workDir, readyUrl);
    }

    /** {@link #startServer(String, List, Path, String)} with extra environment variables. */
    public static ManagedProcess startServer(String name, List<String> command, Map<String, String> environment,
            Path workDir, String readyUrl) {
        return startServer(name, command, environment, workDir, "ready at " + readyUrl,
                () -> HttpProbe.status(readyUrl) == 200);
    }

    /**
     * {@link #startServer(String, List, Path, String)} for servers whose readiness a plain GET cannot
     * tell (one that wants credentials, or a probe that must not share connections with the code
     * under test): waits until {@code ready} holds, {@code readyWhat} naming it in the timeout message.
     */
    public static ManagedProcess startServer(String name, List<String> command, Map<String, String> environment,
            Path workDir, String readyWhat, BooleanSupplier ready) {
        ManagedProcess process = start(name, command, environment, workDir);
        try {
            Await.atMost(READY_TIMEOUT).until(name + " " + readyWhat,
                    () -> ready.getAsBoolean() || !process.isAlive());
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited\n" + process.tail(30));
            }
            return process;
        } catch (RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
    }

    /** Fails with a clear message when a server's binary (a Debian package's) is missing. */
    public static void requireExecutable(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(binary + " is missing: install the Debian package " + debianPackage
                    + " (./scripts/test.sh does)");
        }
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(output.toString(), e);
        }
    }

    /** The last lines the process printed, for assertion messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(output, StandardCharsets.UTF_8);
            return name + " output (last " + lines + " lines):\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return name + " output unreadable: " + e;
        }
    }

    public Path outputFile() {
        return output;
    }

    /** SIGTERM, then waits up to {@code grace} for the shutdown hooks, as a pod's termination grace. */
    public boolean terminate(Duration grace) {
        process.destroy();
        try {
            return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, no shutdown hook: as the kernel's OOM killer or a lost node ends a process. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!terminate(Duration.ofSeconds(20))) {
            kill();
        }
    }
}
