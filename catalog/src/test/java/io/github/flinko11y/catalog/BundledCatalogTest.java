package io.github.flinko11y.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The jar carries the repository's catalog, so a released artifact generates without a clone. */
class BundledCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bundledFilesAreTheRepositorysCatalog() throws IOException {
        var bundled = Catalog.readBundled();
        for (String file : Catalog.FILES) {
            assertThat(bundled.get(file)).as(file)
                    .isEqualTo(JSON.readTree(Files.readString(Path.of("").toAbsolutePath().resolve(file))));
        }
        assertThat(Catalog.bundled().thresholds().all())
                .extracting(Threshold::id)
                .containsExactlyElementsOf(Catalog.load(Path.of("").toAbsolutePath()).thresholds().all().stream()
                        .map(Threshold::id).collect(Collectors.toList()));
    }
}
