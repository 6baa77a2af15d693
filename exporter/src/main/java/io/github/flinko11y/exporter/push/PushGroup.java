package io.github.flinko11y.exporter.push;

import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.config.PushGatewayOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Pushgateway group a reporter pushes to: its job name and grouping-key labels, and their
 * path {@code /metrics/job/<job>{/<label>/<value>}}. Values are percent-encoded; a value the path
 * cannot carry (one holding '/', an empty one, '.' or '..') uses the Pushgateway's {@code
 * <label>@base64/<url-safe base64>} form, with a single '=' for the empty value.
 */
public final class PushGroup {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String job;
    private final Map<String, String> labels;

    /** {@code labels} in the order they go into the path; names must be valid label names. */
    public PushGroup(String job, Map<String, String> labels) {
        if (job.isEmpty()) {
            throw new IllegalArgumentException("The Pushgateway does not accept an empty job name");
        }
        this.job = job;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public String job() {
        return job;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The group's path under the gateway's URL, starting with {@code /metrics/job/}. */
    public String path() {
        StringBuilder path = new StringBuilder("/metrics/");
        appendPair(path, "job", job);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            path.append('/');
            appendPair(path, label.getKey(), label.getValue());
        }
        return path.toString();
    }

    private static void appendPair(StringBuilder path, String name, String value) {
        if (value.isEmpty()) {
            path.append(name).append("@base64/=");
        } else if (value.indexOf('/') >= 0 || value.equals(".") || value.equals("..")) {
            // A decoded "%2F" would still split the path, and the router cleans "." and "..".
            path.append(name).append("@base64/").append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        } else {
            path.append(name).append('/');
            percentEncode(path, value);
        }
    }

    private static void percentEncode(StringBuilder out, String value) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /**
     * Parses the groupingKey setting, written {@code k1=v1;k2=v2}; names and values are trimmed,
     * blank entries skipped.
     */
    public static Map<String, String> parseGroupingKey(String text) {
        String key = PushGatewayOptions.GROUPING_KEY.fullKey();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.trim().isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(key + ": \"" + entry.trim() + "\" is not a label=value pair;"
                        + " write the grouping key as k1=v1;k2=v2");
            }
            String name = entry.substring(0, eq).trim();
            String value = entry.substring(eq + 1).trim();
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new ConfigException(key + ": \"" + name + "\" is not a label name; use letters,"
                        + " digits and '_', not starting with a digit or '__'");
            }
            if (name.equals("job")) {
                throw new ConfigException(key + ": the job label is set by jobName; remove job= from"
                        + " the grouping key and set " + PushGatewayOptions.JOB_NAME.fullKey() + " instead");
            }
            if (labels.put(name, value) != null) {
                throw new ConfigException(key + ": label " + name + " is given twice; keep one");
            }
        }
        return labels;
    }

    /** {@code job="…",k="v"}: for log messages. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("job=\"").append(job).append('"');
        labels.forEach((k, v) -> out.append(',').append(k).append("=\"").append(v).append('"'));
        return out.toString();
    }
}
