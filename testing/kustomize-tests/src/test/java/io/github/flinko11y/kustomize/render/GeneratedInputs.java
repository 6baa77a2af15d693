package io.github.flinko11y.kustomize.render;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of alert-rules/ and dashboards/ that the kustomizations read. Checked before rendering so a
 * missing one fails with the module that builds it, not with kustomize's "file not found".
 */
public final class GeneratedInputs {

    /** Module directory → what builds its generated files. */
    private static final List<String[]> PRODUCERS = List.of(
            new String[] {"alert-rules", "the alert-rules module (issue 5): mvn -B -pl alert-rules -am verify"},
            new String[] {"dashboards", "the dashboards module (issue 6): mvn -B -pl dashboards -am verify"});

    private GeneratedInputs() {}

    public static void requirePresent() {
        List<String> missing = new ArrayList<>();
        for (String[] producer : PRODUCERS) {
            for (String file : filesReadBy(producer[0])) {
                if (!Files.isRegularFile(Repository.path(file))) {
                    missing.add(file + " is missing: it is built by " + producer[1]);
                }
            }
        }
        if (!missing.isEmpty()) {
            fail(String.join("\n", missing));
        }
    }

    /** Every file a module's kustomization.yaml (and the ones below it) lists, relative to the repository. */
    public static List<String> filesReadBy(String module) {
        List<String> files = new ArrayList<>();
        try (var paths = Files.walk(Repository.path(module))) {
            for (Path kustomization : paths.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.toString().contains("node_modules") && !p.toString().contains("/target/")).toList()) {
                JsonNode k = Yaml.readOne(kustomization);
                Path dir = Repository.root().relativize(kustomization.getParent());
                for (JsonNode generator : k.path("configMapGenerator")) {
                    generator.path("files").forEach(f -> files.add(dir.resolve(fileOf(f.asText())).toString()));
                }
                k.path("resources").forEach(r -> files.add(dir.resolve(r.asText()).toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the kustomizations of " + module, e);
        }
        return files;
    }

    /** A generator entry is "path" or "key=path". */
    private static String fileOf(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(eq + 1);
    }
}
