package io.github.flinko11y.alerts.overrides;

import io.github.flinko11y.alerts.rules.Scope;
import java.util.List;
import java.util.Map;

/**
 * A user's overrides file, read and checked by {@link OverridesReader}: settings for every series,
 * then settings for the series an override's {@code match} selects (a series matching several
 * overrides takes each setting from the last one that sets it).
 */
public record AlertOverrides(String file, Settings global, List<Override> overrides) {

    public AlertOverrides {
        overrides = List.copyOf(overrides);
    }

    /** One entry of {@code overrides}: label matchers (all must match) and what it sets. */
    public record Override(String where, List<Scope.Matcher> match, Settings settings) {

        public Override {
            match = List.copyOf(match);
        }

        /** {@code overrides[1] (job_name="fraud-detection")}, for messages. */
        public String describe() {
            return where + " " + Scope.of(match);
        }
    }

    /** No overrides at all: the kit's own rules. */
    public static AlertOverrides none() {
        return new AlertOverrides("(none)", new Settings("", Map.of(), Map.of(), Map.of()), List.of());
    }
}
