package io.github.flinko11y.catalog;

import java.util.List;

/** {@code loki-labels.json}: what the log appender attaches to every line, as LogQL names it. */
public final class LokiLabels {

    static final String FILE = "loki-labels.json";

    private final List<String> streamLabels;
    private final List<String> structuredMetadata;
    private final List<String> levels;
    private final List<String> components;

    LokiLabels(List<String> streamLabels, List<String> structuredMetadata, List<String> levels, List<String> components) {
        this.streamLabels = List.copyOf(streamLabels);
        this.structuredMetadata = List.copyOf(structuredMetadata);
        this.levels = List.copyOf(levels);
        this.components = List.copyOf(components);
    }

    public List<String> streamLabels() {
        return streamLabels;
    }

    public List<String> structuredMetadata() {
        return structuredMetadata;
    }

    public List<String> levels() {
        return levels;
    }

    /** The {@code component} values of Flink's own processes ({@code jobmanager}, {@code taskmanager}). */
    public List<String> components() {
        return components;
    }

    /** A stream label or metadata field, checked, for LogQL. */
    public String field(String name) {
        if (!streamLabels.contains(name) && !structuredMetadata.contains(name)) {
            throw new CatalogException("catalog/" + FILE + ": \"" + name
                    + "\" is neither a stream label nor a structured-metadata field; add it or fix the name");
        }
        return name;
    }

    /** A level name as the appender writes it ({@code ERROR}), checked. */
    public String level(String level) {
        if (!levels.contains(level)) {
            throw new CatalogException("catalog/" + FILE + ": \"" + level + "\" is not in \"levels\" " + levels);
        }
        return level;
    }
}
