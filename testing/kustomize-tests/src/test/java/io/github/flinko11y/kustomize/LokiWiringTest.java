package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Loki's rendered configuration against the objects around it. No Loki binary exists on the build
 * machines, so the configuration itself is not run through Loki: only its references are checked.
 */
class LokiWiringTest {

    private static final long MIB = 1024 * 1024;

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void rulerReadsTheMountedRulesAndAlertsTheBundledAlertmanager(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode loki = manifest.find("StatefulSet", "loki").orElseThrow();
        JsonNode config = Yaml.parse(manifest.configMapGeneratedAs("loki-config").path("data").path("loki.yaml").asText());

        // Without auth Loki's tenant is "fake": the ruler reads <directory>/fake/*.yaml.
        String rulesDirectory = config.path("ruler").path("storage").path("local").path("directory").asText();
        assertThat(CrossReferenceTest.mountPathOf(loki, "rules")).isEqualTo(rulesDirectory + "/fake");
        assertThat(config.path("auth_enabled").asBoolean(true)).isFalse();
        assertThat(ServiceUrls.resolves(manifest, config.path("ruler").path("alertmanager_url").asText(), "flink-o11y")).isTrue();
        assertThat(args(loki)).contains("-config.file=" + CrossReferenceTest.mountPathOf(loki, "config") + "/loki.yaml");
        assertThat(config.path("compactor").path("retention_enabled").asBoolean()).isTrue();
        assertThat(config.path("limits_config").path("allow_structured_metadata").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void retentionComesFromTheOverlay(Target target) {
        JsonNode loki = Renderer.render(target).find("StatefulSet", "loki").orElseThrow();
        String retention = null;
        for (JsonNode env : loki.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
            if (env.path("name").asText().equals("LOKI_RETENTION_PERIOD")) {
                retention = env.path("value").asText();
            }
        }
        assertThat(retention).isEqualTo(target.name().endsWith("production") ? "720h" : "72h");
        assertThat(args(loki)).contains("-config.expand-env=true");
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void limitsFitTheLogAppendersPushesAndLinesAndShardBigStreams(Target target) throws IOException {
        JsonNode limits = Yaml.parse(Renderer.render(target).configMapGeneratedAs("loki-config")
                .path("data").path("loki.yaml").asText()).path("limits_config");
        String appender = Files.readString(Repository.path("log-appender/README.md"));
        long batchBytes = documentedDefault(appender, "FLINK_O11Y_LOKI_BATCH_MAX_BYTES");
        long lineChars = documentedDefault(appender, "FLINK_O11Y_LOKI_MAX_LINE_CHARS");
        long rate = (long) (limits.path("ingestion_rate_mb").asDouble() * MIB);
        long burst = (long) (limits.path("ingestion_burst_size_mb").asDouble() * MIB);
        long streamRate = bytes(limits.path("per_stream_rate_limit").asText());
        long streamBurst = bytes(limits.path("per_stream_rate_limit_burst").asText());
        long shardRate = bytes(limits.path("shard_streams").path("desired_rate").asText());

        // Loki's defaults (4 MB/s, 6 MB, 3 MB/s, 15 MB) are what a fleet of TaskManagers outgrows.
        assertThat(rate).as("ingestion_rate_mb").isGreaterThan(4 * MIB);
        assertThat(burst).as("ingestion_burst_size_mb").isGreaterThanOrEqualTo(rate).isGreaterThanOrEqualTo(10 * batchBytes);
        assertThat(streamRate).as("per_stream_rate_limit").isGreaterThan(3 * MIB).isLessThanOrEqualTo(rate);
        assertThat(streamBurst).as("per_stream_rate_limit_burst").isGreaterThanOrEqualTo(streamRate)
                .isGreaterThanOrEqualTo(batchBytes).isLessThanOrEqualTo(burst);
        // All TaskManagers of a cluster share one stream: it is split before it reaches the per-stream limit.
        assertThat(limits.path("shard_streams").path("enabled").asBoolean()).isTrue();
        assertThat(shardRate).as("shard_streams.desired_rate").isPositive().isLessThan(streamRate);
        // A Java char is at most 4 bytes in UTF-8 (3, or 4 per surrogate pair): the appender's cut lines always fit.
        assertThat(bytes(limits.path("max_line_size").asText())).as("max_line_size").isGreaterThanOrEqualTo(4 * lineChars);
        assertThat(limits.path("max_line_size_truncate").asBoolean()).isTrue();
    }

    /** Loki's byte sizes ("5MB", "1536KB", "256KB") are powers of 1024. */
    private static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)(B|KB|KiB|MB|MiB|GB|GiB)?").matcher(size);
        assertThat(m.matches()).as(size + " is a byte size").isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB", "KiB" -> n * 1024;
            case "MB", "MiB" -> n * MIB;
            case "GB", "GiB" -> n * MIB * 1024;
            default -> n;
        };
    }

    /** The default in the settings table of log-appender/README.md: | `NAME` | `value` | … |. */
    private static long documentedDefault(String readme, String setting) {
        Matcher m = Pattern.compile("\\| `" + setting + "` \\| `(\\d+)` \\|").matcher(readme);
        assertThat(m.find()).as("log-appender/README.md documents the default of " + setting).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static List<String> args(JsonNode workload) {
        List<String> args = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").get(0).path("args").forEach(a -> args.add(a.asText()));
        return args;
    }
}
