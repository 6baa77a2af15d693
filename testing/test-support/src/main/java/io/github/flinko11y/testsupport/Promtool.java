package io.github.flinko11y.testsupport;

import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

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
        CommandLineTool.Result run = CommandLineTool.run(Paths.get("."), body,
                List.of(PROMTOOL.toString(), "check", "metrics"), Duration.ofSeconds(60));
        return new Result(run.exitCode(), run.output());
    }
}
