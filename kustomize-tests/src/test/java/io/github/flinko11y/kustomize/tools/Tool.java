package io.github.flinko11y.kustomize.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool of the machine (kubectl, promtool, amtool) and returns what it printed. */
public final class Tool {

    /** Exit code and the merged stdout and stderr. */
    public record Result(int exitCode, String output) {}

    private Tool() {}

    public static Result run(Path workDir, String... command) {
        Path log = null;
        try {
            log = Files.createTempFile("tool", ".log");
            Process process = new ProcessBuilder(List.of(command)).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " cannot be run (" + e.getMessage() + "): install it ("
                    + "kubectl 1.32 is part of the machine image; promtool and amtool come with the Debian"
                    + " packages prometheus and prometheus-alertmanager)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // A temp file left behind is harmless.
                }
            }
        }
    }
}
