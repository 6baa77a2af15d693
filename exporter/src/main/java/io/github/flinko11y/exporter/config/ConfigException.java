package io.github.flinko11y.exporter.config;

/** A configuration value the exporter cannot use; the message names the key and the fix. */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
