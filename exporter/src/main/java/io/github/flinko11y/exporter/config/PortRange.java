package io.github.flinko11y.exporter.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

/** Ports to try in order: {@code 9249}, {@code 9250-9260}, or a comma-separated mix. */
public final class PortRange implements Iterable<Integer> {

    private final String text;
    private final List<int[]> ranges;

    private PortRange(String text, List<int[]> ranges) {
        this.text = text;
        this.ranges = ranges;
    }

    /** Parses {@code value}; {@code key} names the setting in the error message. */
    public static PortRange parse(String key, String value) {
        List<int[]> ranges = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw invalid(key, value);
            }
            int dash = p.indexOf('-');
            int first = parsePort(key, value, dash < 0 ? p : p.substring(0, dash).trim());
            int last = dash < 0 ? first : parsePort(key, value, p.substring(dash + 1).trim());
            if (last < first) {
                throw new ConfigException(
                        key + ": \"" + value + "\" has a range that ends before it starts ("
                                + p + "); write it low-high, e.g. 9250-9260");
            }
            ranges.add(new int[] {first, last});
        }
        return new PortRange(value, Collections.unmodifiableList(ranges));
    }

    private static int parsePort(String key, String value, String port) {
        try {
            int parsed = Integer.parseInt(port);
            if (parsed >= 0 && parsed <= 65535) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value);
    }

    private static ConfigException invalid(String key, String value) {
        return new ConfigException(
                key + ": \"" + value + "\" is not a port or port range; use a port (9249),"
                        + " a range (9250-9260) or a comma-separated list (9250,9252-9254),"
                        + " ports 0-65535");
    }

    @Override
    public PrimitiveIterator.OfInt iterator() {
        return new PrimitiveIterator.OfInt() {
            private int range;
            private int next = ranges.get(0)[0];

            @Override
            public boolean hasNext() {
                return range < ranges.size();
            }

            @Override
            public int nextInt() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int port = next;
                if (next < ranges.get(range)[1]) {
                    next++;
                } else if (++range < ranges.size()) {
                    next = ranges.get(range)[0];
                }
                return port;
            }
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
