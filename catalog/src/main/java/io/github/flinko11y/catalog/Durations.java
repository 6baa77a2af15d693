package io.github.flinko11y.catalog;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus durations, the one grammar of the catalog (the TypeScript reader and
 * {@code catalog.schema.json} use the same): units from years down to milliseconds, largest first,
 * each at most once ({@code 90s}, {@code 10m}, {@code 1h30m}, {@code 500ms}).
 */
public final class Durations {

    private static final Pattern DURATION =
            Pattern.compile("(?=\\d)(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    /** Milliseconds of each unit, in the order of the pattern's groups. */
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    private Durations() {}

    public static boolean isValid(String duration) {
        return duration != null && DURATION.matcher(duration).matches();
    }

    /** The duration in milliseconds, e.g. {@code 1m30s} → 90000. */
    public static long millis(String duration) {
        Matcher m = duration == null ? null : DURATION.matcher(duration);
        if (m == null || !m.matches()) {
            throw new CatalogException("\"" + duration + "\" is not a Prometheus duration like 500ms, 90s, 10m or 1h30m");
        }
        long total = 0;
        for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
            String count = m.group(unit + 1);
            if (count != null) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(count), UNIT_MILLIS[unit]));
            }
        }
        return total;
    }

    /** The duration in seconds as PromQL writes a number: {@code 10m} → {@code 600}, {@code 500ms} → {@code 0.5}. */
    public static String secondsLiteral(String duration) {
        return BigDecimal.valueOf(millis(duration)).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** The shortest duration literal for {@code millis} milliseconds ({@code 90000} → {@code 1m30s}). */
    public static String format(long millis) {
        if (millis <= 0) {
            throw new CatalogException(millis + " ms is no Prometheus duration: it must be positive");
        }
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        StringBuilder out = new StringBuilder();
        long rest = millis;
        for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
            if (rest >= UNIT_MILLIS[unit]) {
                out.append(rest / UNIT_MILLIS[unit]).append(units[unit]);
                rest %= UNIT_MILLIS[unit];
            }
        }
        return out.toString();
    }
}
