package io.github.flinko11y.exporter.push;

import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.config.ExporterConfig;
import io.github.flinko11y.exporter.config.ExporterOption;
import io.github.flinko11y.exporter.config.PushGatewayOptions;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The Pushgateway reporter's settings, read once from its Flink configuration (values as {@code
 * toString()}, like {@link ExporterConfig}). The password is kept only inside the Authorization
 * header value, which nothing logs.
 */
public final class PushGatewayConfig {

    private final ExporterConfig export;
    private final String hostUrl;
    private final PushGroup group;
    private final boolean deleteOnShutdown;
    private final String authorization;

    private PushGatewayConfig(ExporterConfig export, String hostUrl, PushGroup group, boolean deleteOnShutdown,
            String authorization) {
        this.export = export;
        this.hostUrl = hostUrl;
        this.group = group;
        this.deleteOnShutdown = deleteOnShutdown;
        this.authorization = authorization;
    }

    /** Reads and checks every setting; a bad value or unknown key throws a {@link ConfigException}. */
    public static PushGatewayConfig load(Properties properties) {
        ExporterConfig export = ExporterConfig.loadForPush(properties);
        String hostUrl = hostUrl(ExporterConfig.value(properties, PushGatewayOptions.HOST_URL));
        String jobName = ExporterConfig.value(properties, PushGatewayOptions.JOB_NAME);
        boolean randomSuffix = ExporterConfig.bool(properties, PushGatewayOptions.RANDOM_JOB_NAME_SUFFIX);
        if (jobName.isEmpty() && !randomSuffix) {
            throw new ConfigException(PushGatewayOptions.JOB_NAME.fullKey() + ": not set, and "
                    + PushGatewayOptions.RANDOM_JOB_NAME_SUFFIX.key() + " is false; the Pushgateway needs"
                    + " a job name: set " + PushGatewayOptions.JOB_NAME.key() + ", or "
                    + PushGatewayOptions.RANDOM_JOB_NAME_SUFFIX.key() + ": true");
        }
        // Flink appends an AbstractID: 16 random bytes as 32 hex digits, without a separator.
        String job = randomSuffix ? jobName + UUID.randomUUID().toString().replace("-", "") : jobName;
        String groupingKey = ExporterConfig.value(properties, PushGatewayOptions.GROUPING_KEY);
        PushGroup group = new PushGroup(job, PushGroup.parseGroupingKey(groupingKey));
        boolean deleteOnShutdown = ExporterConfig.bool(properties, PushGatewayOptions.DELETE_ON_SHUTDOWN);
        return new PushGatewayConfig(export, hostUrl, group, deleteOnShutdown, authorization(properties));
    }

    /** The URL without a trailing '/'; the message never repeats a URL that carries credentials. */
    private static String hostUrl(String value) {
        String key = PushGatewayOptions.HOST_URL.fullKey();
        String example = "; set it to the Pushgateway's URL, e.g. http://pushgateway:9091";
        if (value.isEmpty()) {
            throw new ConfigException(key + ": not set" + example);
        }
        URL url;
        try {
            url = new URL(value);
            url.toURI(); // rejects what URL lets through, such as spaces
        } catch (MalformedURLException | URISyntaxException e) {
            url = null;
        }
        if (url != null && url.getUserInfo() != null) {
            throw new ConfigException(key + ": must not carry credentials; set "
                    + PushGatewayOptions.USERNAME.fullKey() + " and " + PushGatewayOptions.PASSWORD.fullKey()
                    + " instead");
        }
        String scheme = url == null ? "" : url.getProtocol().toLowerCase(Locale.ROOT);
        if (url == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost().isEmpty()
                || url.getPort() > 65535 || url.getQuery() != null || url.getRef() != null) {
            throw new ConfigException(key + ": \"" + value + "\" is not an http or https URL with a host"
                    + " (and no query)" + example);
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    /** The Basic Authorization header value, or null without credentials. */
    private static String authorization(Properties properties) {
        String username = raw(properties, PushGatewayOptions.USERNAME);
        String password = raw(properties, PushGatewayOptions.PASSWORD);
        if (username.isEmpty() && password.isEmpty()) {
            return null;
        }
        if (username.isEmpty() || password.isEmpty()) {
            ExporterOption missing = username.isEmpty() ? PushGatewayOptions.USERNAME : PushGatewayOptions.PASSWORD;
            ExporterOption given = missing == PushGatewayOptions.USERNAME
                    ? PushGatewayOptions.PASSWORD
                    : PushGatewayOptions.USERNAME;
            throw new ConfigException(missing.fullKey() + ": not set, but " + given.key() + " is; set both"
                    + " for HTTP basic authentication with the Pushgateway, or neither");
        }
        if (username.indexOf(':') >= 0) {
            throw new ConfigException(PushGatewayOptions.USERNAME.fullKey() + ": contains ':', which HTTP basic"
                    + " authentication cannot carry in a user name; use a user name without it");
        }
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ':' + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Credentials as given: not trimmed, since spaces may belong to them. */
    private static String raw(Properties properties, ExporterOption option) {
        Object value = properties.get(option.key());
        return value == null ? "" : value.toString();
    }

    /** Which metrics are exported and how their labels are written (shared with the pull exporter). */
    public ExporterConfig export() {
        return export;
    }

    /** The Pushgateway's URL as configured, without a trailing '/'. */
    public String hostUrl() {
        return hostUrl;
    }

    /** The group pushed to: the job name (with its random suffix, if any) and the grouping key. */
    public PushGroup group() {
        return group;
    }

    public boolean deleteOnShutdown() {
        return deleteOnShutdown;
    }

    public boolean basicAuth() {
        return authorization != null;
    }

    /** The Authorization header value, or null; must never be logged. */
    String authorization() {
        return authorization;
    }

    /** For logs: everything but the credentials. */
    @Override
    public String toString() {
        return "hostUrl=" + hostUrl + ", group={" + group + "}, deleteOnShutdown=" + deleteOnShutdown
                + ", basicAuth=" + basicAuth();
    }
}
