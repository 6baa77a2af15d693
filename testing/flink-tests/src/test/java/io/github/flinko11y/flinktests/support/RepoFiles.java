package io.github.flinko11y.flinktests.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Files of the repository (catalog/, dashboards/generated/) seen from a test's working directory. */
public final class RepoFiles {

    private RepoFiles() {}

    /** {@code relative} under the repository root: the nearest directory up that holds catalog/. */
    public static Path path(String relative) {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("catalog"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("no catalog/ directory above " + Paths.get("").toAbsolutePath()
                    + ": run the tests from inside the repository (mvn -pl testing/flink-tests/flink-2.3 -am verify)");
        }
        return dir.resolve(relative);
    }
}
