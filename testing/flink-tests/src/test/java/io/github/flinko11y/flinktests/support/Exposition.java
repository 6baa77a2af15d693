package io.github.flinko11y.flinktests.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A parsed Prometheus text exposition (format 0.0.4), strict enough that a body Prometheus would
 * reject does not parse: malformed lines, bad label syntax, duplicate label names, a second TYPE
 * for one family and unparseable values all throw {@link IllegalArgumentException} naming the line.
 */
public final class Exposition {

    /** One metric family: the HELP and TYPE lines and the samples that follow them. */
    public static final class Family {
        private final String name;
        private String help;
        private String type = "untyped";
        private boolean typed;
        private final List<Sample> samples = new ArrayList<>();

        Family(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** The HELP text, unescaped; null when the family has no HELP line. */
        public String help() {
            return help;
        }

        public String type() {
            return type;
        }

        public List<Sample> samples() {
            return Collections.unmodifiableList(samples);
        }

        /** Whether {@code sampleName} is a sample of this family in the 0.0.4 text format. */
        boolean owns(String sampleName) {
            if (sampleName.equals(name)) {
                return true;
            }
            switch (type) {
                case "summary":
                    return sampleName.equals(name + "_count") || sampleName.equals(name + "_sum");
                case "histogram":
                    return sampleName.equals(name + "_count")
                            || sampleName.equals(name + "_sum")
                            || sampleName.equals(name + "_bucket");
                default:
                    return false;
            }
        }

        @Override
        public String toString() {
            return name + " (" + type + ", " + samples.size() + " samples)";
        }
    }

    /** One sample line: name, labels in the order written, value. */
    public static final class Sample {
        private final String name;
        private final Map<String, String> labels;
        private final double value;

        Sample(String name, Map<String, String> labels, double value) {
            this.name = name;
            this.labels = Collections.unmodifiableMap(labels);
            this.value = value;
        }

        public String name() {
            return name;
        }

        public Map<String, String> labels() {
            return labels;
        }

        /** The label's unescaped value, or null when the sample has no such label. */
        public String label(String labelName) {
            return labels.get(labelName);
        }

        public double value() {
            return value;
        }

        /** Name and labels sorted by label name: the identity of a series. */
        public String seriesKey() {
            return name + new TreeMap<>(labels);
        }

        @Override
        public String toString() {
            return name + labels + " " + value;
        }
    }

    private final Map<String, Family> families;
    private final List<Sample> samples;

    private Exposition(Map<String, Family> families, List<Sample> samples) {
        this.families = Collections.unmodifiableMap(families);
        this.samples = Collections.unmodifiableList(samples);
    }

    /** Families by name, in the order they appear. */
    public Map<String, Family> families() {
        return families;
    }

    /** The family, or null when the body has none of that name. */
    public Family family(String name) {
        return families.get(name);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Every sample with this exact sample name (e.g. {@code x_count}). */
    public List<Sample> samples(String sampleName) {
        return samples.stream().filter(s -> s.name.equals(sampleName)).collect(Collectors.toList());
    }

    /** Samples of {@code sampleName} whose labels include all of {@code labels}. */
    public List<Sample> samples(String sampleName, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name.equals(sampleName))
                .filter(s -> s.labels.entrySet().containsAll(labels.entrySet()))
                .collect(Collectors.toList());
    }

    /** Series keys that occur more than once (a valid body has none). */
    public List<String> duplicateSeries() {
        Map<String, Integer> counts = new HashMap<>();
        for (Sample s : samples) {
            counts.merge(s.seriesKey(), 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .collect(Collectors.toList());
    }

    public static Exposition parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        Family current = null;
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the body does not end with a line feed");
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNumber = i + 1;
            try {
                if (line.trim().isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    current = parseComment(line, families, current);
                    continue;
                }
                Sample sample = new SampleLineParser(line).parse();
                if (current == null || !current.owns(sample.name)) {
                    // A sample without HELP/TYPE before it is an untyped family of its own.
                    current = families.computeIfAbsent(sample.name, Family::new);
                }
                current.samples.add(sample);
                samples.add(sample);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "line " + lineNumber + " (" + line + "): " + e.getMessage(), e);
            }
        }
        return new Exposition(families, samples);
    }

    private static Family parseComment(String line, Map<String, Family> families, Family current) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("#")
                || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            return current; // an ordinary comment
        }
        String name = parts[2];
        requireMetricName(name);
        Family family = families.computeIfAbsent(name, Family::new);
        if (!family.samples.isEmpty()) {
            throw new IllegalArgumentException(parts[1] + " for " + name + " after its samples");
        }
        if (parts[1].equals("HELP")) {
            if (family.help != null) {
                throw new IllegalArgumentException("second HELP for " + name);
            }
            family.help = parts.length == 4 ? unescapeHelp(parts[3]) : "";
        } else {
            if (family.typed) {
                throw new IllegalArgumentException("second TYPE for " + name);
            }
            String type = parts.length == 4 ? parts[3] : "";
            if (!type.matches("counter|gauge|histogram|summary|untyped")) {
                throw new IllegalArgumentException("unknown type '" + type + "'");
            }
            family.type = type;
            family.typed = true;
        }
        return family;
    }

    private static String unescapeHelp(String help) {
        StringBuilder out = new StringBuilder(help.length());
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\' && i + 1 < help.length()) {
                char next = help.charAt(++i);
                if (next == 'n') {
                    out.append('\n');
                } else if (next == '\\') {
                    out.append('\\');
                } else {
                    out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static void requireMetricName(String name) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
    }

    /** {@code name{label="value",...} value [timestamp]}. */
    private static final class SampleLineParser {
        private final String line;
        private int pos;

        SampleLineParser(String line) {
            this.line = line;
        }

        Sample parse() {
            String name = token(c -> Character.isLetterOrDigit(c) || c == '_' || c == ':');
            requireMetricName(name);
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '{') {
                pos++;
                while (peek() != '}') {
                    String labelName = token(c -> Character.isLetterOrDigit(c) || c == '_');
                    if (!labelName.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                        throw new IllegalArgumentException("invalid label name '" + labelName + "'");
                    }
                    expect('=');
                    expect('"');
                    String value = labelValue();
                    if (labels.put(labelName, value) != null) {
                        throw new IllegalArgumentException("duplicate label name '" + labelName + "'");
                    }
                    if (peek() == ',') {
                        pos++;
                    } else if (peek() != '}') {
                        throw new IllegalArgumentException("expected ',' or '}' at " + pos);
                    }
                }
                pos++;
            }
            expect(' ');
            String[] rest = line.substring(pos).trim().split(" +");
            if (rest.length > 2 || rest[0].isEmpty()) {
                throw new IllegalArgumentException("expected a value and an optional timestamp");
            }
            if (rest.length == 2) {
                Long.parseLong(rest[1]);
            }
            return new Sample(name, labels, parseValue(rest[0]));
        }

        private String labelValue() {
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= line.length()) {
                    throw new IllegalArgumentException("unterminated label value");
                }
                char c = line.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= line.length()) {
                        throw new IllegalArgumentException("unterminated escape");
                    }
                    char escaped = line.charAt(pos++);
                    switch (escaped) {
                        case '\\':
                            out.append('\\');
                            break;
                        case '"':
                            out.append('"');
                            break;
                        case 'n':
                            out.append('\n');
                            break;
                        default:
                            throw new IllegalArgumentException("invalid escape '\\" + escaped + "'");
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private static double parseValue(String value) {
            switch (value) {
                case "+Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                case "NaN":
                    return Double.NaN;
                default:
                    if (!value.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
                        throw new IllegalArgumentException("invalid value '" + value + "'");
                    }
                    return Double.parseDouble(value);
            }
        }

        private interface CharPredicate {
            boolean test(char c);
        }

        private String token(CharPredicate allowed) {
            int start = pos;
            while (pos < line.length() && allowed.test(line.charAt(pos))) {
                pos++;
            }
            return line.substring(start, pos);
        }

        private char peek() {
            if (pos >= line.length()) {
                throw new IllegalArgumentException("unexpected end of line");
            }
            return line.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos);
            }
            pos++;
        }
    }
}
