package io.github.flinko11y.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code thresholds.json}: alert thresholds and {@code for:} durations, looked up by id. */
public final class Thresholds {

    static final String FILE = "thresholds.json";

    private final Map<String, Threshold> byId;
    private final Map<String, String> forDurations;

    Thresholds(List<Threshold> thresholds, Map<String, String> forDurations) {
        this.byId = new LinkedHashMap<>();
        for (Threshold threshold : thresholds) {
            if (byId.put(threshold.id(), threshold) != null) {
                throw new CatalogException("catalog/" + FILE + ": threshold id \"" + threshold.id()
                        + "\" appears twice; ids must be unique");
            }
        }
        this.forDurations = new LinkedHashMap<>(forDurations);
    }

    /** Every threshold in file order, for the generated reference. */
    public List<Threshold> all() {
        return List.copyOf(byId.values());
    }

    public Threshold get(String id) {
        Threshold threshold = byId.get(id);
        if (threshold == null) {
            throw new CatalogException("catalog/" + FILE + ": no threshold with \"id\": \"" + id
                    + "\"; add it to \"thresholds\"");
        }
        return threshold;
    }

    /** A duration threshold as PromQL writes it ({@code 10m}). */
    public String duration(String id) {
        Threshold threshold = get(id);
        if (!threshold.isDuration()) {
            throw new CatalogException("catalog/" + FILE + ": threshold \"" + id
                    + "\" must be a duration like \"10m\" (unit \"duration\"), not " + threshold.value());
        }
        return threshold.value();
    }

    /** A duration threshold in seconds, as PromQL writes a number ({@code 300}, {@code 0.5}). */
    public String seconds(String id) {
        return Durations.secondsLiteral(duration(id));
    }

    public long millis(String id) {
        return Durations.millis(duration(id));
    }

    /** A numeric threshold as PromQL reads it ({@code 0.9}, {@code 500}). */
    public String number(String id) {
        Threshold threshold = get(id);
        if (threshold.isDuration()) {
            throw new CatalogException("catalog/" + FILE + ": threshold \"" + id + "\" must be a number, not \""
                    + threshold.value() + "\"");
        }
        return threshold.value();
    }

    /** A {@code for:} duration by key of {@code forDurations} ({@code short}, {@code medium}, ...). */
    public String forDuration(String key) {
        String value = forDurations.get(key);
        if (value == null) {
            throw new CatalogException("catalog/" + FILE + ": \"forDurations\" has no \"" + key + "\" (has "
                    + forDurations.keySet() + ")");
        }
        return value;
    }

    public Map<String, String> forDurations() {
        return Map.copyOf(forDurations);
    }
}
