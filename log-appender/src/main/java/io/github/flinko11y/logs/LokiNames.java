package io.github.flinko11y.logs;

/** Turns arbitrary names and values into ones Loki accepts and loki4j's label patterns keep verbatim. */
public final class LokiNames {

    /** Longest label value kept; longer ones are cut (Loki's default limit is 2048). */
    static final int MAX_VALUE_LENGTH = 256;

    private LokiNames() {}

    /**
     * A Loki label (or structured metadata) name: {@code [a-zA-Z_][a-zA-Z0-9_]*}. Every other
     * character becomes {@code _}, and a leading digit gets a {@code _} prefix, so
     * {@code flink-job-id} becomes {@code flink_job_id}.
     */
    public static String labelName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A Loki label name must not be empty");
        }
        StringBuilder out = new StringBuilder(name.length() + 1);
        if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            out.append('_');
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(valid ? c : '_');
        }
        return out.toString();
    }

    /**
     * A static label or metadata value: trimmed, cut to {@value #MAX_VALUE_LENGTH} characters, and
     * restricted to characters that are plain text in a logback pattern and in loki4j's
     * {@code key=value} lines (letters, digits, {@code . _ - : / @}); anything else becomes
     * {@code _}. Kubernetes names, host names and cluster ids pass unchanged.
     */
    public static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        String trimmed = value.trim();
        int length = Math.min(trimmed.length(), MAX_VALUE_LENGTH);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = trimmed.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '@';
            out.append(valid ? c : '_');
        }
        return out.toString();
    }
}
