package io.github.flinko11y.alerts.overrides;

import java.util.Map;

/**
 * What one level of an overrides file sets: thresholds by id (numbers as written, durations as
 * Prometheus durations), {@code for:} durations by key of {@code forDurations}, and the {@code for:}
 * of single alerts by alert name.
 *
 * @param where the key path in the file, for messages ({@code overrides[0]}, or empty at the top)
 */
public record Settings(String where, Map<String, String> thresholds, Map<String, String> forDurations,
        Map<String, String> forAlerts) {

    public Settings {
        thresholds = Map.copyOf(thresholds);
        forDurations = Map.copyOf(forDurations);
        forAlerts = Map.copyOf(forAlerts);
    }

    public boolean isEmpty() {
        return thresholds.isEmpty() && forDurations.isEmpty() && forAlerts.isEmpty();
    }

    /** The key path of a setting: {@code overrides[0].thresholds.checkpointMaxAge}. */
    public String path(String section, String key) {
        return (where.isEmpty() ? "" : where + ".") + section + "." + key;
    }
}
