package io.github.flinko11y.exporter.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.exporter.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushGroupTest {

    private static String path(String job, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new PushGroup(job, map).path();
    }

    @Test
    void plainValuesArePathSegmentsInTheGivenOrder() {
        assertThat(path("flink", "cluster", "c1", "az", "eu-west-1a"))
                .isEqualTo("/metrics/job/flink/cluster/c1/az/eu-west-1a");
    }

    @Test
    void aValueWithASlashIsBase64UrlSafe() {
        // The Pushgateway README's example.
        assertThat(path("directory_cleaner", "path", "/var/tmp"))
                .isEqualTo("/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA");
        assertThat(path("team/etl")).isEqualTo("/metrics/job@base64/dGVhbS9ldGw");
        // '?' and '>' encode to '_' and '-' in the URL-safe alphabet ('/' and '+' in the plain one).
        assertThat(path("j", "q", "/??>")).isEqualTo("/metrics/job/j/q@base64/Lz8_Pg");
    }

    @Test
    void anEmptyValueIsASingleEqualsSign() {
        assertThat(path("example", "first_label", "", "second_label", "foobar"))
                .isEqualTo("/metrics/job/example/first_label@base64/=/second_label/foobar");
    }

    @Test
    void otherCharactersArePercentEncodedAsUtf8() {
        assertThat(path("titan", "name", "Προμηθεύς"))
                .isEqualTo("/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82");
        assertThat(path("j", "v", "a b+c%d?e#f;g=h~i.j_k-l"))
                .isEqualTo("/metrics/job/j/v/a%20b%2Bc%25d%3Fe%23f%3Bg%3Dh~i.j_k-l");
    }

    @Test
    void dotSegmentsAreBase64SinceRoutersCleanThem() {
        assertThat(path(".", "up", "..")).isEqualTo("/metrics/job@base64/Lg/up@base64/Li4");
    }

    @Test
    void groupingKeyIsParsedInOrderTrimmed() {
        assertThat(PushGroup.parseGroupingKey(" zone = eu-west ;; tier=a=b;empty=;"))
                .containsExactly(Map.entry("zone", "eu-west"), Map.entry("tier", "a=b"), Map.entry("empty", ""));
        assertThat(PushGroup.parseGroupingKey("")).isEmpty();
    }

    @Test
    void malformedGroupingKeysNameTheKeyAndTheFix() {
        String key = "metrics.reporter.<name>.groupingKey: ";
        assertThatThrownBy(() -> PushGroup.parseGroupingKey("k1=v1;k2"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(key + "\"k2\" is not a label=value pair; write the grouping key as k1=v1;k2=v2");
        for (String bad : new String[] {"1st=a", "a-b=c", "=v", "__name__=x", "ünï=x"}) {
            assertThatThrownBy(() -> PushGroup.parseGroupingKey(bad))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(key + "\"" + bad.substring(0, bad.indexOf('=')) + "\" is not a label name; use"
                            + " letters, digits and '_', not starting with a digit or '__'");
        }
        assertThatThrownBy(() -> PushGroup.parseGroupingKey("job=x"))
                .hasMessage(key + "the job label is set by jobName; remove job= from the grouping key and set"
                        + " metrics.reporter.<name>.jobName instead");
        assertThatThrownBy(() -> PushGroup.parseGroupingKey("a=1;a=2"))
                .hasMessage(key + "label a is given twice; keep one");
    }

    @Test
    void toStringShowsTheGroupForLogs() {
        assertThat(new PushGroup("flink", Map.of("zone", "eu")).toString()).isEqualTo("job=\"flink\",zone=\"eu\"");
    }
}
