package io.github.flinko11y.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The concern packages (config, naming, registry, exposition, scrape, http, jvm, push) depend on
 * each other without a cycle, read from the compiled classes. The root package is left out: it is
 * the reporter's entry point, and holds the stats every layer counts into.
 */
class PackageDependenciesTest {

    private static final String ROOT = "io/github/flinko11y/exporter";

    @Test
    void concernPackagesHaveNoCycle() throws Exception {
        Map<String, Set<String>> uses = packageDependencies();
        assertThat(uses.keySet()).contains("config", "registry", "exposition", "scrape");
        assertThat(uses.get("registry")).doesNotContain("config"); // Semantics once parsed its own key

        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            findCycle(uses, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).isEmpty();
    }

    private static void findCycle(Map<String, Set<String>> uses, String start, List<String> path, List<String> cycles) {
        for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next) && next.compareTo(start) > 0) { // each cycle once, from its least package
                path.add(next);
                findCycle(uses, start, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Sub-package (e.g. {@code scrape}) to the other sub-packages its classes refer to. */
    private static Map<String, Set<String>> packageDependencies() throws IOException, URISyntaxException {
        Path classes = Paths.get(PrometheusExporter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve(ROOT))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                String from = subPackage(classes.relativize(file).toString().replace('\\', '/'));
                if (from == null) {
                    continue;
                }
                Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
                for (String reference : ClassReferences.of(read(file))) {
                    String to = subPackage(reference);
                    if (to != null && !to.equals(from)) {
                        targets.add(to);
                    }
                }
            }
        }
        return uses;
    }

    /** {@code scrape} for {@code io/github/flinko11y/exporter/scrape/X}; null for the root and outside. */
    private static String subPackage(String internalName) {
        if (!internalName.startsWith(ROOT + "/")) {
            return null;
        }
        String rest = internalName.substring(ROOT.length() + 1);
        int slash = rest.indexOf('/');
        return slash < 0 ? null : rest.substring(0, slash);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
