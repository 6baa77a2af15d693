package io.github.flinko11y.kustomize.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths into the repository, from the module directory Maven runs the tests in. */
public final class Repository {

    private Repository() {}

    /** This module's directory, where Maven runs the tests. */
    public static Path moduleDir() {
        return Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** The nearest directory above the module that holds kustomize/ (the module lives in testing/). */
    public static Path root() {
        Path module = moduleDir();
        for (Path dir = module.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("kustomize"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no kustomize/ above " + module + ": run the tests from testing/kustomize-tests/");
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
