package io.github.flinko11y.catalog;

/** One entry of {@code thresholds.json}: a number or a duration that alerts and panel thresholds share. */
public final class Threshold {

    private final String id;
    private final String value;
    private final boolean duration;
    private final String unit;
    private final String description;

    Threshold(String id, String value, boolean duration, String unit, String description) {
        this.id = id;
        this.value = value;
        this.duration = duration;
        this.unit = unit;
        this.description = description;
    }

    public String id() {
        return id;
    }

    /** As written in the file: {@code 10m}, {@code 0.9}, {@code 500}. */
    public String value() {
        return value;
    }

    public boolean isDuration() {
        return duration;
    }

    /** Grafana's unit id, or {@code duration}. */
    public String unit() {
        return unit;
    }

    public String description() {
        return description;
    }
}
