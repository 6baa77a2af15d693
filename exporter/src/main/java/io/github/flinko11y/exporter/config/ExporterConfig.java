package io.github.flinko11y.exporter.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.github.flinko11y.exporter.naming.LabelValueLimit;
import io.github.flinko11y.exporter.registry.Semantics;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export settings, read once from the reporter's Flink configuration: all of the pull
 * exporter's, and those the Pushgateway reporter shares with it.
 *
 * <p>Values are read as {@code toString()} of whatever Flink stored: before Flink 2.3 {@code
 * MetricConfig}'s getters return null for a value YAML gave as a number or boolean, which silently
 * turned {@code port: 9250} into the default.
 */
public final class ExporterConfig {

    private static final Logger LOG = LoggerFactory.getLogger(ExporterConfig.class);

    /** Deprecated keys already warned about: once per JVM is enough to be seen, not to flood. */
    private static final Set<String> WARNED_FORMER_KEYS = ConcurrentHashMap.newKeySet();

    private static final String PULL_FACTORY = "io.github.flinko11y.exporter.PrometheusExporterFactory";
    private static final String PUSH_FACTORY =
            "io.github.flinko11y.exporter.push.PrometheusPushGatewayExporterFactory";

    private final PortRange ports;
    private final InetAddress host;
    private final boolean filterLabelValueCharacters;
    private final List<String> allowList;
    private final Semantics semantics;
    private final int maxSampleLines;
    private final int maxLabelValueLength;
    private final boolean jvmStats;
    private final boolean selfMetrics;
    private final SecurityConfig security;

    private ExporterConfig(
            PortRange ports,
            InetAddress host,
            boolean filterLabelValueCharacters,
            List<String> allowList,
            Semantics semantics,
            int maxSampleLines,
            int maxLabelValueLength,
            boolean jvmStats,
            boolean selfMetrics,
            SecurityConfig security) {
        this.ports = ports;
        this.host = host;
        this.filterLabelValueCharacters = filterLabelValueCharacters;
        this.allowList = allowList;
        this.semantics = semantics;
        this.maxSampleLines = maxSampleLines;
        this.maxLabelValueLength = maxLabelValueLength;
        this.jvmStats = jvmStats;
        this.selfMetrics = selfMetrics;
        this.security = security;
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
        int maxLabelValueLength = nonNegativeInt(properties, ExporterOptions.MAX_LABEL_VALUE_LENGTH);
        if (maxLabelValueLength > 0 && maxLabelValueLength < LabelValueLimit.MIN_LENGTH) {
            throw new ConfigException(
                    ExporterOptions.MAX_LABEL_VALUE_LENGTH.fullKey() + ": " + maxLabelValueLength
                            + " leaves no room for the hash suffix; use 0 (no limit) or at least "
                            + LabelValueLimit.MIN_LENGTH);
        }
        return new ExporterConfig(
                ports,
                host(properties),
                filter,
                Collections.unmodifiableList(allowList),
                semantics(properties),
                nonNegativeInt(properties, ExporterOptions.MAX_SAMPLE_LINES),
                maxLabelValueLength,
                bool(properties, ExporterOptions.JVM_STATS),
                bool(properties, ExporterOptions.SELF_METRICS),
                SecurityConfig.load(properties));
    }

    public Semantics semantics() {
        return semantics;
    }

    /** Cap on the Flink sample lines of a scrape; 0 when there is none. */
    public int maxSampleLines() {
        return maxSampleLines;
    }

    /** 0 when label values are never cut. */
    public int maxLabelValueLength() {
        return maxLabelValueLength;
    }

    public boolean jvmStats() {
        return jvmStats;
    }

    public boolean selfMetrics() {
        return selfMetrics;
    }

    /** The ports to try in order; null for the Pushgateway reporter. */
    public PortRange ports() {
        return ports;
    }

    /** The address to bind; empty for all interfaces. */
    public Optional<InetAddress> host() {
        return Optional.ofNullable(host);
    }

    public SecurityConfig security() {
        return security;
    }

    public boolean filterLabelValueCharacters() {
        return filterLabelValueCharacters;
    }

    /** Empty when every metric is exported. */
    public List<String> allowList() {
        return allowList;
    }

    /**
     * The value as a trimmed string, or the option's default when the key is not set. A renamed
     * option is also read under its former key, with a deprecation warning.
     */
    public static String value(Properties properties, ExporterOption option) {
        Object raw = lookup(properties, keyUsed(properties, option));
        return raw == null ? option.defaultValue() : raw.toString().trim();
    }

    private static Object lookup(Properties properties, String key) {
        Object raw = properties.get(key);
        return raw == null ? properties.getProperty(key) : raw; // Properties defaults, if any
    }

    /** The key the user set this option under: its own, or the former key of a renamed option. */
    private static String keyUsed(Properties properties, ExporterOption option) {
        String former = option.formerKey();
        if (former == null || lookup(properties, former) == null) {
            return option.key();
        }
        if (lookup(properties, option.key()) != null) {
            throw new ConfigException(ExporterOption.KEY_PREFIX + former + ": the former name of "
                    + option.key() + ", which is set too; remove " + former);
        }
        if (WARNED_FORMER_KEYS.add(former)) {
            LOG.warn("{}{} is deprecated and will be removed; rename it to {} (same meaning and values).",
                    ExporterOption.KEY_PREFIX, former, option.fullKey());
        }
        return former;
    }

    /** Lets a test see the once-per-JVM deprecation warning again. */
    static void forgetDeprecationWarnings() {
        WARNED_FORMER_KEYS.clear();
    }

    static int nonNegativeInt(Properties properties, ExporterOption option) {
        String v = value(properties, option);
        try {
            int parsed = Integer.parseInt(v);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(ExporterOption.KEY_PREFIX + keyUsed(properties, option) + ": \"" + v
                + "\" is not a whole number from 0 to " + Integer.MAX_VALUE);
    }

    private static Semantics semantics(Properties properties) {
        String v = value(properties, ExporterOptions.SEMANTICS);
        switch (v.toLowerCase(Locale.ROOT)) {
            case "flink":
                return Semantics.FLINK;
            case "modern":
                return Semantics.MODERN;
            default:
                throw new ConfigException(ExporterOptions.SEMANTICS.fullKey() + ": \"" + v
                        + "\" is not known; use flink (drop-in, the default) or modern");
        }
    }

    /** A password or token: as configured, untrimmed; empty when not set. */
    static String secret(Properties properties, ExporterOption option) {
        Object raw = properties.get(option.key());
        if (raw == null) {
            raw = properties.getProperty(option.key());
        }
        return raw == null ? "" : raw.toString();
    }

    /** Whether the user set the key at all (to something other than blanks). */
    static boolean isSet(Properties properties, ExporterOption option) {
        return !secret(properties, option).trim().isEmpty();
    }

    private static InetAddress host(Properties properties) {
        String host = value(properties, ExporterOptions.HOST);
        if (host.isEmpty()) {
            return null;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException(
                    ExporterOptions.HOST.fullKey() + ": \"" + host + "\" does not resolve to an"
                            + " address; use an IP address of this machine (127.0.0.1 for local"
                            + " clients only) or leave it empty to bind all interfaces",
                    e);
        }
        if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && !isLocal(address)) {
            throw new ConfigException(
                    ExporterOptions.HOST.fullKey() + ": \"" + host + "\" (" + address.getHostAddress()
                            + ") is not an address of this machine, so the endpoint cannot bind it;"
                            + " use a local address or leave it empty to bind all interfaces");
        }
        return address;
    }

    private static boolean isLocal(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell; binding will
        }
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
                    || options.stream().anyMatch(o -> key.equals(o.formerKey()))
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
