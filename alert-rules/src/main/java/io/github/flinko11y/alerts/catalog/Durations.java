package io.github.flinko11y.alerts.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus durations as the catalog writes them: one number and one unit ({@code 90s}, {@code 10m}, {@code 1h}). */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private Durations() {}

    public static boolean isValid(String duration) {
        return DURATION.matcher(duration).matches();
    }

    /** The duration in seconds, e.g. {@code 10m} → 600. */
    public static long seconds(String duration) {
        Matcher m = DURATION.matcher(duration);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + duration + "\" is not a duration like 90s, 10m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return n / 1000;
            case "s": return n;
            case "m": return n * 60;
            case "h": return n * 3600;
            default: return n * 86400;
        }
    }
}
