package io.github.flinko11y.kustomize.render;

import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** `kubectl kustomize`, once per target and test JVM. */
public final class Renderer {

    private static final Map<Target, Manifest> CACHE = new ConcurrentHashMap<>();

    private Renderer() {}

    public static Manifest render(Target target) {
        return CACHE.computeIfAbsent(target, Renderer::build);
    }

    private static Manifest build(Target target) {
        GeneratedInputs.requirePresent();
        Path dir = target.isWrapped() ? wrapper(target) : Repository.path(target.directory());
        CommandLineTool.Result result = CommandLineTool.run(Repository.root(), "kubectl", "kustomize", dir.toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize " + target + " failed:\n" + result.output());
        }
        return new Manifest(target.name(), Yaml.readAll(result.output()));
    }

    /** A kustomization under target/ with the components and patches on top of its resources. */
    private static Path wrapper(Target target) {
        try {
            Path dir = Repository.moduleDir().resolve("target").resolve("components")
                    .resolve(Path.of(target.name()).getFileName().toString().replace('+', '-'));
            Files.createDirectories(dir);
            String resources = target.resources().stream()
                    .map(r -> "  - " + dir.relativize(Repository.path(r)))
                    .collect(Collectors.joining("\n", "resources:\n", "\n"));
            String components = target.components().stream()
                    .map(c -> "  - " + dir.relativize(Repository.path(c)))
                    .collect(Collectors.joining("\n", "components:\n", "\n"));
            String patches = target.patches().stream()
                    .map(p -> "  - patch: |-\n" + p.stripTrailing().lines().map(l -> "      " + l).collect(Collectors.joining("\n")))
                    .collect(Collectors.joining("\n", "patches:\n", "\n"));
            Files.writeString(dir.resolve("kustomization.yaml"),
                    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                            + (target.resources().isEmpty() ? "" : resources)
                            + (target.components().isEmpty() ? "" : components)
                            + (target.patches().isEmpty() ? "" : patches));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the kustomization for " + target, e);
        }
    }
}
