package io.github.flinko11y.alerts.testing;

import io.github.flinko11y.alerts.GeneratedFiles;
import io.github.flinko11y.alerts.catalog.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The generated files, written once per test JVM before any test reads them, except in CI
 * ({@code CI=true}), where the committed files are what the tools check and must not be rewritten.
 */
public final class GeneratedOutputs {

    private static Map<String, String> contents;

    private GeneratedOutputs() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static GeneratedFiles generator() {
        return new GeneratedFiles(Catalog.load(ModuleFiles.REPOSITORY));
    }

    /** What the code generates, by path relative to the module; written to disk unless in CI. */
    public static synchronized Map<String, String> refresh() throws IOException {
        if (contents == null) {
            Map<String, String> files = generator().contents();
            if (!inCi()) {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Path target = ModuleFiles.module(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, file.getValue());
                }
            }
            contents = files;
        }
        return contents;
    }
}
