package io.github.flinko11y.exporter.config;

/**
 * One reporter setting, configured in Flink as {@code metrics.reporter.<name>.<key>}. The
 * descriptions feed the generated configuration reference.
 */
public final class ExporterOption {

    /** How errors name a key: Flink does not tell a reporter the name it was configured under. */
    public static final String KEY_PREFIX = "metrics.reporter.<name>.";

    private final String key;
    private final String defaultValue;
    private final String description;

    public ExporterOption(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The default as a user would write it, or empty when the setting is off by default. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The full Flink key, for messages: {@code metrics.reporter.<name>.port}. */
    public String fullKey() {
        return KEY_PREFIX + key;
    }
}
