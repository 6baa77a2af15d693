package io.github.flinko11y.logs;

import java.util.Locale;
import java.util.Map;

/**
 * The loki4j settings that carry the Flink context, for Loki 3 (per-line fields as structured
 * metadata) or Loki 2 (no structured metadata: the fields folded into the line, {@code level} a label).
 *
 * <p>On Loki 3 {@code level} is structured metadata, not a label: it would split each stream in up
 * to five, with smaller chunks, and LogQL filters on metadata just as well. Loki 2 has no metadata,
 * so there {@code level} is a label (five values at most): the kit's dashboards and Loki rules
 * filter with {@code | level="ERROR"}, which matches stream labels and metadata alike, but not a
 * field inside the line.
 */
public final class LokiFormat {

    public static final String ENV_STRUCTURED_METADATA = "FLINK_O11Y_LOKI_STRUCTURED_METADATA";
    public static final String ENV_MAX_LINE_CHARS = "FLINK_O11Y_LOKI_MAX_LINE_CHARS";

    /** Flink's MDC key for the job id (Flink 1.20+ and 2.x). */
    static final String FLINK_JOB_ID_MDC_KEY = "flink-job-id";

    /**
     * The line: the message, then the stack trace (if any) on the next lines of the same entry,
     * without the trailing newline a file appender would write ({@link LokiLineConverter}).
     */
    static final String LINE = "%" + LokiLineConverter.CONVERSION_WORD;

    /** The level, as a label (Loki 2) or as structured metadata (Loki 3). */
    private static final String LEVEL = "level=%level";

    private final FlinkLogContext context;
    private final boolean structuredMetadata;
    private final int maxLineChars;

    public LokiFormat(FlinkLogContext context, boolean structuredMetadata, int maxLineChars) {
        this.context = context;
        this.structuredMetadata = structuredMetadata;
        this.maxLineChars = maxLineChars;
    }

    /** Parses {@value #ENV_MAX_LINE_CHARS}: unset or blank means {@value TruncatingConverter#DEFAULT_MAX_CHARS}. */
    static int parseMaxLineChars(String value) {
        if (value == null || value.isBlank()) {
            return TruncatingConverter.DEFAULT_MAX_CHARS;
        }
        try {
            int chars = Integer.parseInt(value.trim());
            if (chars >= 1) {
                return chars;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(ENV_MAX_LINE_CHARS + ": \"" + value
                + "\" is not a positive number of characters");
    }

    /** Parses {@value #ENV_STRUCTURED_METADATA}: unset or blank means true (Loki 3). */
    static boolean parseStructuredMetadata(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(ENV_STRUCTURED_METADATA + ": \"" + value
                        + "\" is neither true (Loki 3, structured metadata) nor false (Loki 2, fields in the line)");
        }
    }

    /** loki4j {@code <labels>}: one {@code name=value} per line; on Loki 2 with {@code level=%level}. */
    public String labels() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> label : context.labels().entrySet()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(label.getKey()).append('=').append(label.getValue());
        }
        if (levelIsLabel()) {
            out.append('\n').append(LEVEL);
        }
        return out.toString();
    }

    /**
     * loki4j {@code <staticLabels>}: {@code true} when every label is a constant of the process
     * (loki4j then renders them once, not per line); {@code false} on Loki 2, where {@code level}
     * is a label.
     */
    public String staticLabels() {
        return Boolean.toString(!levelIsLabel());
    }

    /** Without structured metadata, the level has nowhere else to go that LogQL filters on. */
    private boolean levelIsLabel() {
        return !structuredMetadata;
    }

    /** loki4j {@code <structuredMetadata>}: the per-line fields, or {@code off} for Loki 2. */
    public String structuredMetadata() {
        if (!structuredMetadata) {
            return "off";
        }
        return LEVEL + "\n"
                + "pod=" + context.pod() + "\n"
                + "node=" + context.node() + "\n"
                + LokiNames.labelName(FLINK_JOB_ID_MDC_KEY) + "=%mdc{" + FLINK_JOB_ID_MDC_KEY + "}\n"
                + "thread=%thread\n"
                + "logger=%logger";
    }

    /**
     * loki4j {@code <message><pattern>}: the line, with the fields in front of it for Loki 2, cut to
     * the maximum line length by {@link TruncatingConverter}.
     */
    public String messagePattern() {
        if (structuredMetadata) {
            return LINE + "{" + maxLineChars + "}";
        }
        String line = "pod=" + context.pod() + " node=" + context.node()
                + " " + LokiNames.labelName(FLINK_JOB_ID_MDC_KEY) + "=%mdc{" + FLINK_JOB_ID_MDC_KEY + "}"
                + " thread=\"%replace(%thread){'\"', '\\\\\"'}\" logger=%logger - " + LINE;
        return "%" + TruncatingConverter.CONVERSION_WORD + "(" + line + "){" + maxLineChars + "}";
    }
}
