package io.github.flinko11y.alerts.testing;

import io.github.flinko11y.alerts.GeneratedFiles;
import io.github.flinko11y.catalog.Catalog;
import java.util.Map;

/**
 * What the code generates from the repository's catalog. The build writes these files before the
 * tests run ({@code exec:java} in {@code process-classes}); the tests never write them, they compare
 * and check what is on disk.
 */
public final class GeneratedOutputs {

    private static Map<String, String> contents;

    private GeneratedOutputs() {}

    public static Catalog catalog() {
        return Catalog.load(ModuleFiles.REPOSITORY.resolve("catalog"));
    }

    public static GeneratedFiles generator() {
        return new GeneratedFiles(catalog());
    }

    /** What the code generates, by path relative to the module. */
    public static synchronized Map<String, String> expected() {
        if (contents == null) {
            contents = generator().contents();
        }
        return contents;
    }
}
