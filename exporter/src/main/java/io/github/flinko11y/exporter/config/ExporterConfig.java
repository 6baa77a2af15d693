package io.github.flinko11y.exporter.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The export settings, read once from the reporter's Flink configuration: all of the pull
 * exporter's, and those the Pushgateway reporter shares with it.
 *
 * <p>Values are read as {@code toString()} of whatever Flink stored: before Flink 2.3 {@code
 * MetricConfig}'s getters return null for a value YAML gave as a number or boolean, which silently
 * turned {@code port: 9250} into the default.
 */
public final class ExporterConfig {

    private static final String PULL_FACTORY = "io.github.flinko11y.exporter.PrometheusExporterFactory";
    private static final String PUSH_FACTORY =
            "io.github.flinko11y.exporter.push.PrometheusPushGatewayExporterFactory";

    private final PortRange ports;
    private final boolean filterLabelValueCharacters;
    private final List<String> allowList;

    private ExporterConfig(PortRange ports, boolean filterLabelValueCharacters, List<String> allowList) {
        this.ports = ports;
        this.filterLabelValueCharacters = filterLabelValueCharacters;
        this.allowList = allowList;
    }

    /** Reads and checks every setting; a bad value or unknown key throws a {@link ConfigException}. */
    public static ExporterConfig load(Properties properties) {
        rejectUnknownKeys(properties, "exporter", ExporterOptions.all(), ExporterOptions.push(),
                "a setting of the Pushgateway reporter, not of the pull exporter; to push, set"
                        + " factory.class to " + PUSH_FACTORY + ", else remove it");
        PortRange ports =
                PortRange.parse(ExporterOptions.PORT.fullKey(), value(properties, ExporterOptions.PORT));
        return read(properties, ports);
    }

    /**
     * Reads the export settings of the Pushgateway reporter, which serves no endpoint ({@link
     * #ports()} is null), and checks its keys; the reporter reads its own settings itself.
     */
    public static ExporterConfig loadForPush(Properties properties) {
        rejectUnknownKeys(properties, "Pushgateway reporter", ExporterOptions.push(), ExporterOptions.all(),
                "a setting of the pull exporter, not of the Pushgateway reporter, which serves no"
                        + " endpoint; remove it, or set factory.class to " + PULL_FACTORY
                        + " to serve /metrics");
        return read(properties, null);
    }

    private static ExporterConfig read(Properties properties, PortRange ports) {
        boolean filter = bool(properties, ExporterOptions.FILTER_LABEL_VALUE_CHARACTERS);
        List<String> allowList = new ArrayList<>();
        for (String part : value(properties, ExporterOptions.ALLOW_LIST).split(",")) {
            if (!part.trim().isEmpty()) {
                allowList.add(part.trim());
            }
        }
        return new ExporterConfig(ports, filter, Collections.unmodifiableList(allowList));
    }

    /** The ports to try in order; null for the Pushgateway reporter. */
    public PortRange ports() {
        return ports;
    }

    public boolean filterLabelValueCharacters() {
        return filterLabelValueCharacters;
    }

    /** Empty when every metric is exported. */
    public List<String> allowList() {
        return allowList;
    }

    /** The value as a trimmed string, or the option's default when the key is not set. */
    public static String value(Properties properties, ExporterOption option) {
        Object raw = properties.get(option.key());
        if (raw == null) {
            raw = properties.getProperty(option.key()); // Properties defaults, if any
        }
        return raw == null ? option.defaultValue() : raw.toString().trim();
    }

    /** The value as a boolean; anything but true or false throws a {@link ConfigException}. */
    public static boolean bool(Properties properties, ExporterOption option) {
        String v = value(properties, option);
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(
                option.fullKey() + ": \"" + v + "\" is not a boolean; use true or false");
    }

    private static void rejectUnknownKeys(
            Properties properties,
            String reporter,
            List<ExporterOption> options,
            List<ExporterOption> otherReportersOptions,
            String otherReportersKey) {
        List<String> known = options.stream().map(ExporterOption::key).collect(Collectors.toList());
        for (Object k : properties.keySet()) {
            String key = k.toString();
            if (known.contains(key)
                    || ExporterOptions.FLINK_KEYS.contains(key)
                    || key.startsWith("filter.")
                    || key.startsWith("scope.")) {
                continue;
            }
            if (otherReportersOptions.stream().anyMatch(o -> o.key().equals(key))) {
                throw new ConfigException(ExporterOption.KEY_PREFIX + key + ": " + otherReportersKey);
            }
            throw new ConfigException(
                    ExporterOption.KEY_PREFIX + key + ": unknown setting of the flink-o11y "
                            + reporter + "; known settings are " + String.join(", ", known));
        }
    }
}
