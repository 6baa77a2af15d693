package io.github.flinko11y.alerts.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The series an alert is evaluated on, as label matchers added to every series selector of its
 * expression ({@code job_name="billing"}, {@code job_name!="billing"}). {@link #ALL} adds nothing:
 * the kit's own rules. Alerts scoped by complementary matchers see disjoint series, so each series
 * is evaluated by exactly one copy of an alert.
 */
public final class Scope {

    /** Every series: no matcher added. */
    public static final Scope ALL = new Scope(List.of());

    /** A label matcher; the value is a Prometheus (RE2, fully anchored) regular expression. */
    public record Matcher(String label, String value, boolean negated) {

        /** Characters that make a value a regular expression rather than a literal. */
        private static final Pattern REGEX_META = Pattern.compile("[\\\\.\\[\\]{}()*+?^$|]");

        public Matcher {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }

        public Matcher negate() {
            return new Matcher(label, value, !negated);
        }

        /** A value without regular-expression syntax: matches exactly itself. */
        public boolean isLiteral() {
            return !REGEX_META.matcher(value).find();
        }

        /** {@code label="v"} for a literal, {@code label=~"v.*"} for a pattern (the same series either way). */
        public String render() {
            boolean literal = isLiteral();
            String op = literal ? (negated ? "!=" : "=") : (negated ? "!~" : "=~");
            return label + op + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    private final List<Matcher> matchers;

    private Scope(List<Matcher> matchers) {
        this.matchers = List.copyOf(matchers);
    }

    public static Scope of(List<Matcher> matchers) {
        return matchers.isEmpty() ? ALL : new Scope(matchers);
    }

    public List<Matcher> matchers() {
        return matchers;
    }

    public boolean isAll() {
        return matchers.isEmpty();
    }

    /** This scope narrowed by {@code more}; null when the two contradict each other on a literal value. */
    public Scope and(List<Matcher> more) {
        List<Matcher> all = new ArrayList<>(matchers);
        for (Matcher m : more) {
            if (all.contains(m) || impliedByALiteral(all, m)) {
                continue;
            }
            if (all.contains(m.negate()) || all.stream().anyMatch(o -> bothEqualDifferentLiterals(o, m))) {
                return null;
            }
            if (!m.negated() && m.isLiteral()) {
                all.removeIf(o -> impliedByALiteral(List.of(m), o));
            }
            all.add(m);
        }
        return Scope.of(all);
    }

    /** {@code job_name!="b"} says nothing more once {@code job_name="a"} holds. */
    private static boolean impliedByALiteral(List<Matcher> present, Matcher m) {
        return m.negated() && m.isLiteral() && present.stream().anyMatch(o -> o.label().equals(m.label())
                && !o.negated() && o.isLiteral() && !o.value().equals(m.value()));
    }

    private static boolean bothEqualDifferentLiterals(Matcher a, Matcher b) {
        return a.label().equals(b.label()) && !a.negated() && !b.negated() && a.isLiteral() && b.isLiteral()
                && !a.value().equals(b.value());
    }

    /** The labels this scope matches on. */
    public List<String> labels() {
        return matchers.stream().map(Matcher::label).distinct().toList();
    }

    /** {@code name{existing..., scope...}}; just {@code name} when there is nothing to add. */
    public String select(String name, String... existing) {
        List<String> all = new ArrayList<>(List.of(existing));
        matchers.forEach(m -> all.add(m.render()));
        return all.isEmpty() ? name : name + "{" + String.join(", ", all) + "}";
    }

    /** The matchers without quotes, for a label value: {@code job_name=billing, namespace!=dev}. */
    public String describe() {
        return String.join(", ", matchers.stream().map(m -> m.render().replace("\"", "")).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope s && s.matchers.equals(matchers);
    }

    @Override
    public int hashCode() {
        return matchers.hashCode();
    }

    @Override
    public String toString() {
        return matchers.isEmpty() ? "{}" : "{" + String.join(", ", matchers.stream().map(Matcher::render).toList()) + "}";
    }
}
