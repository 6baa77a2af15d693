package io.github.flinko11y.exporter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A document under {@code docs/} generated from the code: the build writes it
 * ({@link ReferenceDocs}, in {@code process-test-classes}); the test only compares, so it fails
 * when the file was not regenerated or differs from what the code renders, locally as in CI.
 */
public final class GeneratedDocument {

    private GeneratedDocument() {}

    /** {@code name} is the file under the repository's {@code docs/}, e.g. {@code configuration.md}. */
    public static void check(String name, String expected) throws IOException {
        Path file = Paths.get("..", "docs", name);
        assertThat(Files.exists(file)).as(file + " exists (the build writes it: mvn -pl exporter process-test-classes)")
                .isTrue();
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
                .as("docs/" + name + " differs from what the code renders: run mvn -pl exporter process-test-classes"
                        + " and commit it")
                .isEqualTo(expected);
    }
}
