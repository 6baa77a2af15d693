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
    /** The key this setting had before it was renamed, still read with a warning; null if none. */
    private final String formerKey;

    public ExporterOption(String key, String defaultValue, String description) {
        this(key, defaultValue, description, null);
    }

    private ExporterOption(String key, String defaultValue, String description, String formerKey) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.formerKey = formerKey;
    }

    /** This setting, also read under the deprecated {@code formerKey} it was renamed from. */
    public ExporterOption renamedFrom(String formerKey) {
        return new ExporterOption(key, defaultValue, description, formerKey);
    }

    /** The deprecated key this setting is also read under, or null. */
    public String formerKey() {
        return formerKey;
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
