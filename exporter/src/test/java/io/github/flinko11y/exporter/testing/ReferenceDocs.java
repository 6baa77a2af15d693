package io.github.flinko11y.exporter.testing;

import io.github.flinko11y.exporter.config.ConfigurationReferenceTest;
import io.github.flinko11y.exporter.jvm.JvmMetricsReferenceTest;
import io.github.flinko11y.exporter.scrape.SelfMetricsReferenceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the exporter's reference documents under {@code docs/}: run by the build
 * ({@code exec:java} in {@code process-test-classes}); the {@code *ReferenceTest}s compare.
 */
public final class ReferenceDocs {

    private ReferenceDocs() {}

    public static Map<String, String> documents() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("configuration.md", ConfigurationReferenceTest.render());
        documents.put("jvm-metrics.md", JvmMetricsReferenceTest.render());
        documents.put("self-metrics.md", SelfMetricsReferenceTest.render());
        return documents;
    }

    /** Argument: the repository's {@code docs/} directory. */
    public static void main(String[] args) throws IOException {
        Path docs = Paths.get(args.length > 0 ? args[0] : "../docs");
        Files.createDirectories(docs);
        for (Map.Entry<String, String> document : documents().entrySet()) {
            Files.write(docs.resolve(document.getKey()), document.getValue().getBytes(StandardCharsets.UTF_8));
        }
    }
}
