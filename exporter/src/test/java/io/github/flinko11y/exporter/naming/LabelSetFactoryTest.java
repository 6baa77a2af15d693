package io.github.flinko11y.exporter.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSetFactoryTest {

    private static Map<String, String> vars(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    private static String rendered(LabelSet labels) {
        return new String(labels.rendered(), StandardCharsets.UTF_8);
    }

    @Test
    void stripsBracketsSanitisesAndSortsByName() {
        LabelSet labels = new LabelSetFactory(true)
                .create(vars("<tm_id>", "tm-1", "<host>", "10.0.0.1", "<task_name>", "Source: gen -> map"));

        assertThat(rendered(labels))
                .isEqualTo("{host=\"10_0_0_1\",task_name=\"Source:_gen____map\",tm_id=\"tm_1\",");
        assertThat(labels.name(0)).isEqualTo("host");
        assertThat(labels.value(2)).isEqualTo("tm_1");
    }

    @Test
    void sameVariablesInAnyOrderGiveEqualLabelSets() {
        LabelSetFactory factory = new LabelSetFactory(true);
        LabelSet a = factory.create(vars("<a>", "1", "<b>", "2"));
        LabelSet b = factory.create(vars("<b>", "2", "<a>", "1"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void variablesThatSanitiseToOneNameKeepDistinctNames() {
        // FLINK-40648: Flink exports foo_bar twice, which Prometheus rejects for the whole scrape.
        LabelSet labels = new LabelSetFactory(true)
                .create(vars("<foo_bar>", "y", "<foo.bar>", "x", "<foo_bar_1>", "z"));

        assertThat(rendered(labels))
                .isEqualTo("{foo_bar=\"x\",foo_bar_1=\"z\",foo_bar_2=\"y\",");
    }

    @Test
    void labelNamesStartingWithADigitArePrefixed() {
        LabelSet labels = new LabelSetFactory(true).create(vars("<1st>", "v", "<>", "w"));

        assertThat(rendered(labels)).isEqualTo("{_=\"w\",_1st=\"v\",");
    }

    @Test
    void unfilteredValuesAreEscapedAndUtf8Encoded() {
        LabelSet labels = new LabelSetFactory(false)
                .create(vars("<operator_name>", "Map \"ü\"\\\nnext"));

        assertThat(rendered(labels)).isEqualTo("{operator_name=\"Map \\\"ü\\\"\\\\\\nnext\",");
        assertThat(labels.value(0)).isEqualTo("Map \"ü\"\\\nnext");
    }

    @Test
    void consecutiveCallsWithTheSameVariablesReuseTheLabelSet() {
        LabelSetFactory factory = new LabelSetFactory(true);
        Map<String, String> group = vars("<host>", "h1", "<tm_id>", "tm-1");

        LabelSet first = factory.create(java.util.Collections.unmodifiableMap(group));
        // Flink passes a new read-only view of the same map with every metric of a group
        assertThat(factory.create(java.util.Collections.unmodifiableMap(group))).isSameAs(first);
        LabelSet other = factory.create(vars("<host>", "h1", "<tm_id>", "tm-2"));
        assertThat(rendered(other)).isEqualTo("{host=\"h1\",tm_id=\"tm_2\",");
        assertThat(factory.create(vars("<host>", "h1"))).isNotEqualTo(first);
        assertThat(factory.create(group)).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void noVariablesGiveTheEmptyLabelSet() {
        assertThat(new LabelSetFactory(true).create(vars())).isSameAs(LabelSet.EMPTY);
        assertThat(LabelSet.EMPTY.rendered()).isEmpty();
    }
}
