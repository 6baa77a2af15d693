package io.github.flinko11y.alerts.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool (promtool, amtool, npm, node) to completion and keeps its exit code and output. */
public final class Tool {

    /** Exit code and the merged stdout and stderr of one run. */
    public record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    private Tool() {}

    public static Result run(Path workingDir, String stdin, List<String> command) throws IOException, InterruptedException {
        requireOnPath(command.get(0));
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(workingDir.toFile())
                .redirectErrorStream(true);
        Process process = builder.start();
        try {
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                throw new AssertionError(command + " did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly(); // no-op when it ended; never leaves a tool running after a failure
        }
    }

    public static Result run(Path workingDir, String... command) throws IOException, InterruptedException {
        return run(workingDir, null, List.of(command));
    }

    private static void requireOnPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return;
            }
        }
        throw new AssertionError(binary + " is not on the PATH: ./scripts/test.sh installs the Debian packages"
                + " prometheus (promtool) and prometheus-alertmanager (amtool); node and npm come with the machine");
    }
}
