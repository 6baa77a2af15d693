package io.github.flinko11y.kustomize.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths into the repository, from the module directory Maven runs the tests in. */
public final class Repository {

    private Repository() {}

    public static Path root() {
        Path root = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        if (!Files.isDirectory(root.resolve("kustomize"))) {
            throw new IllegalStateException("no kustomize/ next to " + root + ": run the tests from kustomize-tests/");
        }
        return root;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
