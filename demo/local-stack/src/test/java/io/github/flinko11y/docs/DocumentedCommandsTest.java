package io.github.flinko11y.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.stack.StackPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shell commands in our Markdown must keep pointing at things that exist: scripts, Maven
 * modules, kustomize directories. CI runs the two README commands themselves ({@code .ci/run}
 * calls the test command and the demo with {@code --smoke}) and {@code kustomize-tests} renders
 * every kustomization; this test catches a renamed module or path in the prose around them.
 */
class DocumentedCommandsTest {
    private static final Path ROOT = StackPaths.repositoryRoot();
    private static final Pattern SHELL_BLOCK = Pattern.compile("```(?:bash|sh|shell|console)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SCRIPT = Pattern.compile("(?:^|\\s)\\./(scripts/[\\w.-]+|\\.ci/run)");
    private static final Pattern MODULES = Pattern.compile("\\bmvn\\b.*?\\s-pl\\s+([\\w./,-]+)");
    private static final Pattern POM_FILE = Pattern.compile("\\bmvn\\b.*?\\s-f\\s+([\\w./-]+)");
    private static final Pattern KUSTOMIZATION = Pattern.compile("\\bkubectl\\s+(?:apply\\s+-k|kustomize)\\s+([\\w./-]+)");

    @Test
    void everyScriptModuleAndKustomizationNamedInAShellBlockExists() throws IOException {
        List<String> problems = new ArrayList<>();
        int commands = 0;
        for (Path markdown : markdownFiles()) {
            Matcher block = SHELL_BLOCK.matcher(Files.readString(markdown));
            while (block.find()) {
                for (String line : block.group(1).split("\n")) {
                    String command = line.replaceAll("#.*$", "").trim();
                    if (command.isEmpty()) {
                        continue;
                    }
                    commands++;
                    check(markdown, command, problems);
                }
            }
        }
        assertThat(commands).as("shell commands found in the docs").isGreaterThan(5);
        assertThat(problems).isEmpty();
    }

    private static void check(Path markdown, String command, List<String> problems) {
        String where = ROOT.relativize(markdown) + ": `" + command + "`: ";
        for (Matcher m = SCRIPT.matcher(command); m.find(); ) {
            Path script = ROOT.resolve(m.group(1));
            if (!Files.isExecutable(script)) {
                problems.add(where + m.group(1) + " is not an executable file");
            }
        }
        for (Matcher m = MODULES.matcher(command); m.find(); ) {
            for (String module : m.group(1).split(",")) {
                if (!Files.exists(ROOT.resolve(module).resolve("pom.xml"))) {
                    problems.add(where + "no Maven module " + module);
                }
            }
        }
        for (Matcher m = POM_FILE.matcher(command); m.find(); ) {
            if (!Files.exists(ROOT.resolve(m.group(1)))) {
                problems.add(where + "no file " + m.group(1));
            }
        }
        for (Matcher m = KUSTOMIZATION.matcher(command); m.find(); ) {
            if (!Files.exists(ROOT.resolve(m.group(1)).resolve("kustomization.yaml"))) {
                problems.add(where + m.group(1) + " has no kustomization.yaml");
            }
        }
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(ROOT, 3)) {
            return paths.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !ROOT.relativize(p).toString().contains("node_modules"))
                    .filter(p -> !ROOT.relativize(p).toString().contains("target"))
                    .sorted().collect(Collectors.toList());
        }
    }
}
