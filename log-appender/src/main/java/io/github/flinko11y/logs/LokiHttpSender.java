package io.github.flinko11y.logs;

import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.http.Loki4jHttpClient;
import com.github.loki4j.logback.HttpSender;
import com.github.loki4j.logback.JavaHttpSender;
import java.util.Optional;
import java.util.function.Function;

/**
 * loki4j's JDK HTTP sender, except that a blank tenant or blank credentials mean "none". The
 * shipped configuration fills them from optional environment variables, and loki4j would otherwise
 * send an empty {@code X-Scope-OrgID} and {@code Authorization: Basic Og==}.
 */
public final class LokiHttpSender implements HttpSender {

    private final JavaHttpSender delegate = new JavaHttpSender();

    @Override
    public HttpConfig.Builder getConfig() {
        return delegate.getConfig();
    }

    @Override
    public Function<HttpConfig, Loki4jHttpClient> getHttpClientFactory() {
        Function<HttpConfig, Loki4jHttpClient> factory = delegate.getHttpClientFactory();
        return config -> factory.apply(withoutBlankIdentity(config));
    }

    static HttpConfig withoutBlankIdentity(HttpConfig config) {
        Optional<String> username = nonBlank(config.username);
        Optional<String> password = nonBlank(config.password);
        if (username.isEmpty() || password.isEmpty()) {
            username = Optional.empty();
            password = Optional.empty();
        }
        return new HttpConfig(config.pushUrl, config.connectionTimeoutMs, config.requestTimeoutMs,
                nonBlank(config.tenantId), config.contentType, username, password, config.clientSpecific);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }
}
