package io.github.flinko11y.exporter.naming;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a metric group's variables ({@code <host>} → {@code tm-1}) into a {@link LabelSet}.
 *
 * <p>Names lose their angle brackets and are sanitised as Flink does. Unlike Flink, labels are
 * sorted by name (stable output whatever the map order), and two variables that sanitise to the
 * same name (FLINK-40648) both survive: the one whose original key sorts first keeps the name, the
 * others get {@code _1}, {@code _2}, ... instead of producing a duplicate label that breaks the
 * whole scrape.
 */
public final class LabelSetFactory {

    /** Variable keys are few (host, job_id, ...), so their sanitised forms are worth caching. */
    private static final int NAME_CACHE_LIMIT = 4096;

    private final boolean filterLabelValueCharacters;
    private final Map<String, String> labelNameCache = new ConcurrentHashMap<>();

    /**
     * The last variables and their labels. Flink registers a group's metrics one after another,
     * each with a fresh read-only view of the group's cached variables, so most calls are answered
     * by comparing a few entries (usually the very same strings) instead of rendering again.
     */
    private volatile LastLabels last;

    private static final class LastLabels {
        final Map<String, String> variables;
        final LabelSet labels;

        LastLabels(Map<String, String> variables, LabelSet labels) {
            this.variables = variables;
            this.labels = labels;
        }
    }

    private final LabelValueLimit valueLimit;

    public LabelSetFactory(boolean filterLabelValueCharacters) {
        this(filterLabelValueCharacters, new LabelValueLimit(0, new java.util.concurrent.atomic.LongAdder()));
    }

    public LabelSetFactory(boolean filterLabelValueCharacters, LabelValueLimit valueLimit) {
        this.filterLabelValueCharacters = filterLabelValueCharacters;
        this.valueLimit = valueLimit;
    }

    public LabelSet create(Map<String, String> variables) {
        LastLabels cached = last;
        if (cached != null && sameEntries(cached.variables, variables)) {
            return cached.labels;
        }
        LabelSet labels = build(variables);
        last = new LastLabels(new HashMap<>(variables), labels);
        return labels;
    }

    private static boolean sameEntries(Map<String, String> copy, Map<String, String> variables) {
        if (copy.size() != variables.size()) {
            return false;
        }
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String value = copy.get(variable.getKey());
            if (value != variable.getValue() && (value == null || !value.equals(variable.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private LabelSet build(Map<String, String> variables) {
        int n = variables.size();
        if (n == 0) {
            return LabelSet.EMPTY;
        }
        String[] rawKeys = new String[n];
        String[] names = new String[n];
        String[] values = new String[n];
        int i = 0;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            if (i == n) {
                break; // the map grew while we read it; the extra entries are not ours to export
            }
            rawKeys[i] = variable.getKey();
            names[i] = labelName(variable.getKey());
            String value = variable.getValue() == null ? "" : variable.getValue();
            values[i] = valueLimit.apply(
                    filterLabelValueCharacters ? PrometheusNames.replaceInvalidChars(value) : value);
            i++;
        }
        sort(names, rawKeys, values, i);
        if (hasAdjacentDuplicate(names, i)) {
            renameCollisions(names, i);
            sort(names, rawKeys, values, i);
        }
        if (i < n) {
            names = java.util.Arrays.copyOf(names, i);
            values = java.util.Arrays.copyOf(values, i);
        }
        return new LabelSet(names, values, render(names, values));
    }

    private String labelName(String key) {
        String cached = labelNameCache.get(key);
        if (cached != null) {
            return cached;
        }
        String stripped =
                key.length() >= 2 && key.charAt(0) == '<' && key.charAt(key.length() - 1) == '>'
                        ? key.substring(1, key.length() - 1)
                        : key;
        String name = PrometheusNames.replaceInvalidChars(stripped);
        if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
            name = "_" + name; // a label name must not start with a digit
        }
        if (labelNameCache.size() < NAME_CACHE_LIMIT) {
            labelNameCache.put(key, name);
        }
        return name;
    }

    /** Insertion sort by (name, raw key): n is the number of variables of one group, ~1–12. */
    private static void sort(String[] names, String[] rawKeys, String[] values, int n) {
        for (int i = 1; i < n; i++) {
            String name = names[i];
            String rawKey = rawKeys[i];
            String value = values[i];
            int j = i - 1;
            while (j >= 0 && compare(names[j], rawKeys[j], name, rawKey) > 0) {
                names[j + 1] = names[j];
                rawKeys[j + 1] = rawKeys[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = name;
            rawKeys[j + 1] = rawKey;
            values[j + 1] = value;
        }
    }

    private static int compare(String name1, String raw1, String name2, String raw2) {
        int byName = name1.compareTo(name2);
        return byName != 0 ? byName : raw1.compareTo(raw2);
    }

    private static boolean hasAdjacentDuplicate(String[] sortedNames, int n) {
        for (int i = 1; i < n; i++) {
            if (sortedNames[i].equals(sortedNames[i - 1])) {
                return true;
            }
        }
        return false;
    }

    private static void renameCollisions(String[] sortedNames, int n) {
        Set<String> original = new HashSet<>();
        for (int i = 0; i < n; i++) {
            original.add(sortedNames[i]);
        }
        Set<String> assigned = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = sortedNames[i];
            if (assigned.add(name)) {
                continue;
            }
            int suffix = 1;
            while (original.contains(name + "_" + suffix) || assigned.contains(name + "_" + suffix)) {
                suffix++;
            }
            sortedNames[i] = name + "_" + suffix;
            assigned.add(sortedNames[i]);
        }
    }

    private static byte[] render(String[] names, String[] values) {
        int estimate = 1;
        for (int i = 0; i < names.length; i++) {
            estimate += names[i].length() + values[i].length() + 4;
        }
        StringBuilder out = new StringBuilder(estimate);
        out.append('{');
        for (int i = 0; i < names.length; i++) {
            out.append(names[i]).append("=\"");
            appendEscapedLabelValue(out, values[i]);
            out.append("\",");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The escaping of simpleclient's {@code TextFormat}: backslash, double quote, newline. */
    static void appendEscapedLabelValue(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '"':
                    out.append("\\\"");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                default:
                    out.append(c);
            }
        }
    }
}
