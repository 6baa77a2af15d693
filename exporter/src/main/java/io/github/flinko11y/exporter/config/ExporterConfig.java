package io.github.flinko11y.exporter.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The pull exporter's settings, read once from the reporter's Flink configuration.
 *
 * <p>Values are read as {@code toString()} of whatever Flink stored: before Flink 2.3 {@code
 * MetricConfig}'s getters return null for a value YAML gave as a number or boolean, which silently
 * turned {@code port: 9250} into the default.
 */
public final class ExporterConfig {

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
        rejectUnknownKeys(properties);
        PortRange ports =
                PortRange.parse(ExporterOptions.PORT.fullKey(), value(properties, ExporterOptions.PORT));
        boolean filter = bool(properties, ExporterOptions.FILTER_LABEL_VALUE_CHARACTERS);
        List<String> allowList = new ArrayList<>();
        for (String part : value(properties, ExporterOptions.ALLOW_LIST).split(",")) {
            if (!part.trim().isEmpty()) {
                allowList.add(part.trim());
            }
        }
        return new ExporterConfig(ports, filter, Collections.unmodifiableList(allowList));
    }

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

    static String value(Properties properties, ExporterOption option) {
        Object raw = properties.get(option.key());
        if (raw == null) {
            raw = properties.getProperty(option.key()); // Properties defaults, if any
        }
        return raw == null ? option.defaultValue() : raw.toString().trim();
    }

    static boolean bool(Properties properties, ExporterOption option) {
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

    private static void rejectUnknownKeys(Properties properties) {
        List<String> known =
                ExporterOptions.all().stream().map(ExporterOption::key).collect(Collectors.toList());
        for (Object k : properties.keySet()) {
            String key = k.toString();
            if (known.contains(key)
                    || ExporterOptions.FLINK_KEYS.contains(key)
                    || key.startsWith("filter.")
                    || key.startsWith("scope.")) {
                continue;
            }
            throw new ConfigException(
                    ExporterOption.KEY_PREFIX + key + ": unknown setting of the flink-o11y"
                            + " exporter; known settings are " + String.join(", ", known));
        }
    }
}
