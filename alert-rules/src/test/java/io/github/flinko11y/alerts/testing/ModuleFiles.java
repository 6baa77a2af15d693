package io.github.flinko11y.alerts.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository as the tests see them: Maven runs them with alert-rules/ as working directory. */
public final class ModuleFiles {

    public static final Path MODULE = Path.of("").toAbsolutePath();
    public static final Path REPOSITORY = MODULE.getParent();

    private ModuleFiles() {}

    public static Path module(String relative) {
        return MODULE.resolve(relative);
    }

    public static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
