package io.github.flinko11y.exporter.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.exporter.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.junit.jupiter.api.Test;

class PushGatewayConfigTest {

    private static Properties props(Object... keyValues) {
        MetricConfig p = new MetricConfig();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsEqualFlinksPushReporter() {
        PushGatewayConfig config = PushGatewayConfig.load(props("hostUrl", "http://pushgateway:9091"));

        assertThat(config.hostUrl()).isEqualTo("http://pushgateway:9091");
        assertThat(config.group().job()).matches("[0-9a-f]{32}"); // empty jobName + random suffix
        assertThat(config.group().labels()).isEmpty();
        assertThat(config.deleteOnShutdown()).isTrue();
        assertThat(config.basicAuth()).isFalse();
        assertThat(config.export().filterLabelValueCharacters()).isTrue();
        assertThat(config.export().allowList()).isEmpty();
        assertThat(config.export().ports()).isNull();
    }

    @Test
    void typedYamlValuesAreReadLikeStrings() {
        PushGatewayConfig config = PushGatewayConfig.load(props("hostUrl", "https://gw.example/push/",
                "jobName", 42, "randomJobNameSuffix", Boolean.FALSE, "deleteOnShutdown", false,
                "filterLabelValueCharacters", false, "groupingKey", "zone=1"));

        assertThat(config.hostUrl()).isEqualTo("https://gw.example/push");
        assertThat(config.group().job()).isEqualTo("42");
        assertThat(config.group().labels()).containsExactly(Map.entry("zone", "1"));
        assertThat(config.deleteOnShutdown()).isFalse();
        assertThat(config.export().filterLabelValueCharacters()).isFalse();
    }

    @Test
    void randomSuffixIsAppendedWithoutSeparatorAsFlinkDoes() {
        PushGatewayConfig config = PushGatewayConfig.load(props("hostUrl", "http://gw:9091", "jobName", "flink-tm-"));

        assertThat(config.group().job()).matches("flink-tm-[0-9a-f]{32}");
    }

    @Test
    void aMissingHostUrlNamesTheKeyAndTheFix() {
        assertThatThrownBy(() -> PushGatewayConfig.load(props("jobName", "flink")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.hostUrl: not set; set it to the Pushgateway's URL,"
                        + " e.g. http://pushgateway:9091");
    }

    @Test
    void aMalformedHostUrlNamesTheKeyAndTheFix() {
        for (String bad : new String[] {"pushgateway:9091", "localhost", "ftp://gw:21", "http://", "http://gw:9091/?x=1",
                "http://gw:70000", "http://push gateway:9091", "http://gw:port"}) {
            assertThatThrownBy(() -> PushGatewayConfig.load(props("hostUrl", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("metrics.reporter.<name>.hostUrl: \"" + bad + "\" is not an http or https URL with a"
                            + " host (and no query); set it to the Pushgateway's URL, e.g. http://pushgateway:9091");
        }
    }

    @Test
    void credentialsInTheHostUrlAreRejectedWithoutRepeatingThem() {
        assertThatThrownBy(() -> PushGatewayConfig.load(props("hostUrl", "http://flink:s3cret@gw:9091")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.hostUrl: must not carry credentials; set"
                        + " metrics.reporter.<name>.username and metrics.reporter.<name>.password instead");
    }

    @Test
    void anEmptyJobNameNeedsTheRandomSuffix() {
        assertThatThrownBy(() -> PushGatewayConfig.load(props("hostUrl", "http://gw:9091",
                "randomJobNameSuffix", "false")))
                .hasMessage("metrics.reporter.<name>.jobName: not set, and randomJobNameSuffix is false; the"
                        + " Pushgateway needs a job name: set jobName, or randomJobNameSuffix: true");
    }

    @Test
    void badBooleansNameTheKey() {
        assertThatThrownBy(() -> PushGatewayConfig.load(props("hostUrl", "http://gw:9091", "deleteOnShutdown", "yes")))
                .hasMessage("metrics.reporter.<name>.deleteOnShutdown: \"yes\" is not a boolean; use true or false");
    }

    @Test
    void basicAuthHeaderIsBuiltFromUsernameAndPasswordAndNeverShown() {
        PushGatewayConfig config = PushGatewayConfig.load(props("hostUrl", "http://gw:9091", "jobName", "j",
                "username", "flink", "password", " pass word "));

        assertThat(config.basicAuth()).isTrue();
        assertThat(config.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("flink: pass word ".getBytes(StandardCharsets.UTF_8)));
        assertThat(config.toString()).doesNotContain("pass word").doesNotContain(config.authorization().substring(6));
    }

    @Test
    void usernameAndPasswordGoTogether() {
        assertThatThrownBy(() -> PushGatewayConfig.load(props("hostUrl", "http://gw:9091", "username", "flink")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.password: not set, but username is; set both for HTTP basic"
                        + " authentication with the Pushgateway, or neither");
        assertThatThrownBy(() -> PushGatewayConfig.load(props("hostUrl", "http://gw:9091", "password", "secret")))
                .hasMessage("metrics.reporter.<name>.username: not set, but password is; set both for HTTP basic"
                        + " authentication with the Pushgateway, or neither");
        assertThatThrownBy(() -> PushGatewayConfig.load(props("hostUrl", "http://gw:9091",
                "username", "a:b", "password", "secret")))
                .hasMessageStartingWith("metrics.reporter.<name>.username: contains ':'")
                .hasMessageNotContaining("secret");
    }

    @Test
    void pullOnlyKeysAreRejectedWithTheFix() {
        assertThatThrownBy(() -> PushGatewayConfig.load(props("hostUrl", "http://gw:9091", "port", "9249")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.port: a setting of the pull exporter, not of the Pushgateway"
                        + " reporter, which serves no endpoint; remove it, or set factory.class to"
                        + " io.github.flinko11y.exporter.PrometheusExporterFactory to serve /metrics");
    }

    @Test
    void unknownKeysAreRejectedListingTheKnownOnes() {
        assertThatThrownBy(() -> PushGatewayConfig.load(props("hostURL", "http://gw:9091")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.hostURL: unknown setting of the flink-o11y Pushgateway reporter;"
                        + " known settings are hostUrl, jobName, randomJobNameSuffix, groupingKey, deleteOnShutdown,"
                        + " username, password, filterLabelValueCharacters, allowList, semantics, maxSampleLines,"
                        + " maxLabelValueLength, jvmStats.enabled, selfMetrics.enabled");
    }

    @Test
    void flinksOwnReporterKeysAreAccepted() {
        PushGatewayConfig config = PushGatewayConfig.load(props("hostUrl", "http://gw:9091",
                "factory.class", PrometheusPushGatewayExporterFactory.class.getName(), "interval", "30 SECONDS",
                "scope.variables.excludes", "tm_id", "filter.includes", "*:numRecords*", "allowList", "numRecords"));

        assertThat(config.export().allowList()).containsExactly("numRecords");
    }
}
