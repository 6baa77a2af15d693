package io.github.flinko11y.alerts.overrides;

/** A mistake in a user's overrides file: the message names the file, the key and the fix. */
public final class OverridesException extends RuntimeException {

    public OverridesException(String message) {
        super(message);
    }

    public OverridesException(String message, Throwable cause) {
        super(message, cause);
    }
}
