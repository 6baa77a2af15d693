package io.github.flinko11y.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import io.github.flinko11y.exporter.testing.CapturedLog;
import org.apache.flink.metrics.MetricConfig;
import org.junit.jupiter.api.Test;

class ExporterConfigTest {

    private static List<Integer> ports(PortRange range) {
        List<Integer> out = new ArrayList<>();
        range.forEach(out::add);
        return out;
    }

    @Test
    void defaultsEqualFlinksReporter() {
        ExporterConfig config = ExporterConfig.load(new MetricConfig());

        assertThat(ports(config.ports())).containsExactly(9249);
        assertThat(config.filterLabelValueCharacters()).isTrue();
        assertThat(config.allowList()).isEmpty();
    }

    @Test
    void typedYamlValuesAreReadLikeStrings() {
        // Flink < 2.3 hands typed YAML values through; MetricConfig.getString would return null.
        MetricConfig typed = new MetricConfig();
        typed.put("port", 9250);
        typed.put("filterLabelValueCharacters", Boolean.FALSE);
        MetricConfig strings = new MetricConfig();
        strings.setProperty("port", "9250");
        strings.setProperty("filterLabelValueCharacters", "false");

        for (MetricConfig c : new MetricConfig[] {typed, strings}) {
            ExporterConfig config = ExporterConfig.load(c);
            assertThat(ports(config.ports())).containsExactly(9250);
            assertThat(config.filterLabelValueCharacters()).isFalse();
        }
    }

    @Test
    void allowListIsSplitOnCommas() {
        Properties p = new Properties();
        p.setProperty("allowList", " numRecords , jobmanager.Status,");

        assertThat(ExporterConfig.load(p).allowList()).containsExactly("numRecords", "jobmanager.Status");
    }

    @Test
    void flinksOwnReporterKeysAreAccepted() {
        Properties p = new Properties();
        p.setProperty("factory.class", "io.github.flinko11y.exporter.PrometheusExporterFactory");
        p.setProperty("interval", "60 SECONDS");
        p.setProperty("scope.variables.excludes", "tm_id");
        p.setProperty("filter.includes", "*:numRecords*");

        assertThat(ports(ExporterConfig.load(p).ports())).containsExactly(9249);
    }

    @Test
    void unknownKeyIsRejectedNamingTheKey() {
        Properties p = new Properties();
        p.setProperty("prot", "9250");

        assertThatThrownBy(() -> ExporterConfig.load(p))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.prot: unknown setting of the flink-o11y exporter;"
                        + " known settings are port, host, filterLabelValueCharacters, allowList,"
                        + " semantics, maxSampleLines, maxLabelValueLength, jvmStats.enabled, selfMetrics.enabled,"
                        + " tls.certificate, tls.privateKey, tls.keystore, tls.keystorePassword,"
                        + " tls.keystoreType, tls.keyPassword, basicAuth.username, basicAuth.password,"
                        + " basicAuth.passwordFile, bearerToken, bearerTokenFile");
    }

    @Test
    void badBooleanNamesKeyAndFix() {
        Properties p = new Properties();
        p.setProperty("filterLabelValueCharacters", "yes");

        assertThatThrownBy(() -> ExporterConfig.load(p))
                .hasMessage("metrics.reporter.<name>.filterLabelValueCharacters: \"yes\" is not a boolean;"
                        + " use true or false");
    }

    @Test
    void portListsAndRangesAreTriedInOrder() {
        assertThat(ports(PortRange.parse("k", "9250-9252, 9260,9255-9255")))
                .containsExactly(9250, 9251, 9252, 9260, 9255);
    }

    @Test
    void badPortsNameKeyAndFix() {
        for (String bad : new String[] {"92x9", "", "9250-", "70000", "-1", "9250,,9251"}) {
            assertThatThrownBy(() -> PortRange.parse("metrics.reporter.<name>.port", bad))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("metrics.reporter.<name>.port: \"" + bad + "\" is not a port or port range;");
        }
        assertThatThrownBy(() -> PortRange.parse("metrics.reporter.<name>.port", "9260-9250"))
                .hasMessageContaining("ends before it starts");
    }

    @Test
    void newOptionsAreReadAndCheckedNamingTheKey() {
        Properties p = new Properties();
        p.put("semantics", "MODERN");
        p.put("maxSampleLines", 50_000); // typed, as YAML may give it
        p.put("maxLabelValueLength", "64");
        p.put("jvmStats.enabled", false);
        ExporterConfig config = ExporterConfig.load(p);
        assertThat(config.semantics()).isEqualTo(io.github.flinko11y.exporter.registry.Semantics.MODERN);
        assertThat(config.maxSampleLines()).isEqualTo(50_000);
        assertThat(config.maxLabelValueLength()).isEqualTo(64);
        assertThat(config.jvmStats()).isFalse();
        assertThat(config.selfMetrics()).isTrue();

        assertThatThrownBy(() -> ExporterConfig.load(props("semantics", "prometheus")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.semantics: \"prometheus\" is not known;"
                        + " use flink (drop-in, the default) or modern");
        assertThatThrownBy(() -> ExporterConfig.load(props("maxSampleLines", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.maxSampleLines: \"-1\" is not a whole number from 0 to 2147483647");
        assertThatThrownBy(() -> ExporterConfig.load(props("maxLabelValueLength", "8")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.maxLabelValueLength: 8 leaves no room for the hash"
                        + " suffix; use 0 (no limit) or at least 16");
    }

    @Test
    void formerMaxSeriesKeyStillCapsSampleLinesAndWarnsOnceNamingTheNewKey() {
        ExporterConfig.forgetDeprecationWarnings();
        try (CapturedLog log = new CapturedLog()) {
            assertThat(ExporterConfig.load(props("maxSeries", "500")).maxSampleLines()).isEqualTo(500);
            assertThat(ExporterConfig.loadForPush(pushProps("maxSeries", "600")).maxSampleLines()).isEqualTo(600);

            assertThat(log.messages("WARN", ExporterConfig.class)).containsExactly(
                    "metrics.reporter.<name>.maxSeries is deprecated and will be removed; rename it to"
                            + " metrics.reporter.<name>.maxSampleLines (same meaning and values).");
        }
        assertThatThrownBy(() -> ExporterConfig.load(props("maxSeries", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.maxSeries: \"-1\" is not a whole number from 0 to 2147483647");
        Properties both = props("maxSeries", "5");
        both.setProperty("maxSampleLines", "5");
        assertThatThrownBy(() -> ExporterConfig.load(both))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.maxSeries: the former name of maxSampleLines, which is set"
                        + " too; remove maxSeries");
    }

    private static Properties pushProps(String key, String value) {
        Properties p = props(key, value);
        p.setProperty("hostUrl", "http://localhost:9091");
        return p;
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
