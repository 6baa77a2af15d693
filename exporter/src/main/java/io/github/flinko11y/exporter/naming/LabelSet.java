package io.github.flinko11y.exporter.naming;

import java.util.Arrays;

/**
 * The labels of one or more series, rendered once at registration. Metrics of one Flink metric
 * group share a single instance, so per-series heap is a reference, not a copy of the labels.
 *
 * <p>{@link #rendered()} is the exposition text up to, not including, the closing brace: {@code
 * {name="value",other="value",} without the final {@code }}, or empty when there are no labels.
 * Two label sets are equal when they render to the same bytes.
 */
public final class LabelSet {

    private static final byte[] NONE = new byte[0];
    public static final LabelSet EMPTY = new LabelSet(new String[0], new String[0], NONE);

    private final String[] names;
    private final String[] values;
    private final byte[] rendered;
    private final int hash;

    LabelSet(String[] names, String[] values, byte[] rendered) {
        this.names = names;
        this.values = values;
        this.rendered = rendered.length == 0 ? NONE : rendered;
        this.hash = Arrays.hashCode(this.rendered);
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** Rendered bytes; callers must not modify them. */
    public byte[] rendered() {
        return rendered;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet
                && ((LabelSet) o).hash == hash
                && Arrays.equals(((LabelSet) o).rendered, rendered);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return rendered.length == 0
                ? "{}"
                : new String(rendered, java.nio.charset.StandardCharsets.UTF_8) + "}";
    }
}
