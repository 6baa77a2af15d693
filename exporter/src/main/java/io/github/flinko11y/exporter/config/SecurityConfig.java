package io.github.flinko11y.exporter.config;

import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.BASIC_AUTH_PASSWORD;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.BASIC_AUTH_PASSWORD_FILE;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.BASIC_AUTH_USERNAME;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.BEARER_TOKEN;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.BEARER_TOKEN_FILE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * TLS and the credentials the endpoint accepts. Secret files are read once, here; no message and
 * no {@link #toString()} ever contains a password or token.
 */
public final class SecurityConfig {

    private final TlsConfig tls;
    private final String basicUsername;
    private final String basicPassword;
    private final String bearerToken;

    private SecurityConfig(TlsConfig tls, String basicUsername, String basicPassword, String bearerToken) {
        this.tls = tls;
        this.basicUsername = basicUsername;
        this.basicPassword = basicPassword;
        this.bearerToken = bearerToken;
    }

    static SecurityConfig load(Properties properties) {
        TlsConfig tls = TlsConfig.load(properties).orElse(null);

        String username = ExporterConfig.value(properties, BASIC_AUTH_USERNAME);
        String password = secret(properties, BASIC_AUTH_PASSWORD, BASIC_AUTH_PASSWORD_FILE);
        if (!username.isEmpty() && password == null) {
            throw new ConfigException(BASIC_AUTH_USERNAME.fullKey() + " is set without a password;"
                    + " set " + BASIC_AUTH_PASSWORD_FILE.fullKey() + " (or "
                    + BASIC_AUTH_PASSWORD.fullKey() + ")");
        }
        if (username.isEmpty() && password != null) {
            throw new ConfigException(
                    (ExporterConfig.isSet(properties, BASIC_AUTH_PASSWORD)
                                    ? BASIC_AUTH_PASSWORD : BASIC_AUTH_PASSWORD_FILE).fullKey()
                            + " is set without " + BASIC_AUTH_USERNAME.fullKey()
                            + "; basic authentication needs both");
        }
        if (username.indexOf(':') >= 0) {
            throw new ConfigException(BASIC_AUTH_USERNAME.fullKey() + ": \"" + username + "\""
                    + " contains ':', which basic authentication cannot carry in a user name");
        }

        String token = secret(properties, BEARER_TOKEN, BEARER_TOKEN_FILE);
        if (token != null) {
            for (int i = 0; i < token.length(); i++) {
                if (token.charAt(i) <= ' ' || token.charAt(i) == 0x7f) {
                    throw new ConfigException(
                            (ExporterConfig.isSet(properties, BEARER_TOKEN)
                                            ? BEARER_TOKEN : BEARER_TOKEN_FILE).fullKey()
                                    + ": the token contains a space or control character (at"
                                    + " position " + (i + 1) + " of " + token.length() + "), which"
                                    + " an Authorization header cannot carry");
                }
            }
        }
        return new SecurityConfig(tls, username.isEmpty() ? null : username, password, token);
    }

    /** The secret given inline or in a file; null when neither is set. Not trimmed: spaces count. */
    private static String secret(Properties properties, ExporterOption inline, ExporterOption file) {
        String value = ExporterConfig.secret(properties, inline);
        String path = ExporterConfig.value(properties, file);
        if (!value.isEmpty() && !path.isEmpty()) {
            throw new ConfigException(inline.fullKey() + " and " + file.fullKey() + " are both set;"
                    + " set only one of them");
        }
        if (!path.isEmpty()) {
            return ConfigFiles.readSecret(file, path);
        }
        return value.isEmpty() ? null : value;
    }

    /** Empty when the endpoint serves plain HTTP. */
    public Optional<TlsConfig> tls() {
        return Optional.ofNullable(tls);
    }

    public boolean basicAuth() {
        return basicUsername != null;
    }

    /** Null unless {@link #basicAuth()}. */
    public String basicUsername() {
        return basicUsername;
    }

    /** Null unless {@link #basicAuth()}. */
    public String basicPassword() {
        return basicPassword;
    }

    public boolean bearerAuth() {
        return bearerToken != null;
    }

    /** Null unless {@link #bearerAuth()}. */
    public String bearerToken() {
        return bearerToken;
    }

    /** Whether requests for metrics need credentials. */
    public boolean requiresCredentials() {
        return basicAuth() || bearerAuth();
    }

    /** What protects the endpoint, for the startup log: "TLS, basic auth"; empty when nothing. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (tls != null) {
            parts.add("TLS");
        }
        if (basicAuth()) {
            parts.add("basic auth");
        }
        if (bearerAuth()) {
            parts.add("bearer token");
        }
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "SecurityConfig{tls=" + (tls == null ? "off" : tls)
                + ", basicAuth=" + (basicAuth() ? basicUsername + ":******" : "off")
                + ", bearerToken=" + (bearerAuth() ? "******" : "off") + "}";
    }
}
