package io.github.flinko11y.exporter.naming;

import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.MetricGroup;

/**
 * Metric names exactly as Flink's {@code PrometheusReporter} builds them: {@code flink_} + logical
 * scope + {@code _} + metric name, every character outside {@code [a-zA-Z0-9:_]} replaced by
 * {@code _}.
 */
public final class PrometheusNames {

    public static final String PREFIX = "flink_";
    public static final char SCOPE_SEPARATOR = '_';

    /** Same replacement as Flink's regex {@code [^a-zA-Z0-9:_]}, without a regex on the hot path. */
    public static final CharacterFilter CHARACTER_FILTER = PrometheusNames::replaceInvalidChars;

    private PrometheusNames() {}

    /**
     * Replaces each code point outside {@code [a-zA-Z0-9:_]} by one {@code _}; returns the input
     * itself when nothing needs replacing, so clean label values cost no allocation.
     */
    public static String replaceInvalidChars(String input) {
        int length = input.length();
        int i = 0;
        while (i < length && isValid(input.charAt(i))) {
            i++;
        }
        if (i == length) {
            return input;
        }
        StringBuilder out = new StringBuilder(length);
        out.append(input, 0, i);
        while (i < length) {
            char c = input.charAt(i);
            if (isValid(c)) {
                out.append(c);
                i++;
            } else {
                // A surrogate pair is one code point, so one '_' (as java.util.regex does).
                out.append('_');
                i += Character.charCount(input.codePointAt(i));
            }
        }
        return out.toString();
    }

    static boolean isValid(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == ':';
    }

    /** The logical scope joined by {@code _}, e.g. {@code taskmanager_job_task_operator}. */
    public static String logicalScope(MetricGroup group) {
        return LogicalScopeProvider.castFrom(group)
                .getLogicalScope(CHARACTER_FILTER, SCOPE_SEPARATOR);
    }

    /** The exported family name, e.g. {@code flink_taskmanager_job_task_numRecordsIn}. */
    public static String familyName(String logicalScope, String metricName) {
        return PREFIX + logicalScope + SCOPE_SEPARATOR + replaceInvalidChars(metricName);
    }

    /** HELP text as Flink writes it: {@code <metric name> (scope: <logical scope>)}. */
    public static String help(String logicalScope, String metricName) {
        return metricName + " (scope: " + logicalScope + ")";
    }
}
