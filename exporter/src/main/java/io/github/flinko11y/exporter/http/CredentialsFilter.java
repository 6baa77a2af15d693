package io.github.flinko11y.exporter.http;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.config.SecurityConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through when it carries one of the configured credentials (basic or bearer);
 * answers anything else with 401 and no metric data. {@link ScrapeHandler#HEALTH_PATH} stays open
 * for probes. Secrets are compared in constant time and never logged.
 */
final class CredentialsFilter {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsFilter.class);
    private static final String REALM = "flink-o11y";
    private static final byte[] REFUSED =
            "Unauthorized: credentials are required to read metrics.\n".getBytes(StandardCharsets.UTF_8);

    private final byte[] basicUsername;
    private final byte[] basicPassword;
    private final byte[] bearerToken;
    private final List<String> challenges;
    private final ExporterStats stats;

    private CredentialsFilter(SecurityConfig security, ExporterStats stats) {
        this.basicUsername = utf8(security.basicUsername());
        this.basicPassword = utf8(security.basicPassword());
        this.bearerToken = utf8(security.bearerToken());
        List<String> challenges = new ArrayList<>();
        if (security.basicAuth()) {
            challenges.add("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        if (security.bearerAuth()) {
            challenges.add("Bearer realm=\"" + REALM + "\"");
        }
        this.challenges = Collections.unmodifiableList(challenges);
        this.stats = stats;
    }

    /** Empty when no credentials are configured. */
    static Optional<CredentialsFilter> of(SecurityConfig security, ExporterStats stats) {
        return security.requiresCredentials()
                ? Optional.of(new CredentialsFilter(security, stats))
                : Optional.empty();
    }

    /** {@code handler}, answered only for requests with accepted credentials. */
    RequestHandler guarding(RequestHandler handler) {
        return exchange -> {
            if (exchange.path().equals(ScrapeHandler.HEALTH_PATH)
                    || exchange.headers("Authorization").stream().anyMatch(this::accepts)) {
                handler.handle(exchange);
            } else {
                refuse(exchange);
            }
        };
    }

    private void refuse(Exchange exchange) throws IOException {
        List<String> authorization = exchange.headers("Authorization");
        stats.authFailures.increment();
        // Neither the header nor the user name is logged: either may hold a mistyped secret.
        if (LOG.isDebugEnabled()) {
            InetSocketAddress client = exchange.client();
            LOG.debug("Refused a metrics request from {}:{}: {}.", client.getAddress().getHostAddress(),
                    client.getPort(),
                    authorization.isEmpty() ? "no credentials" : "wrong or unsupported credentials");
        }
        for (String challenge : challenges) {
            exchange.addHeader("WWW-Authenticate", challenge);
        }
        exchange.setHeader("Content-Type", "text/plain; charset=utf-8");
        exchange.sendHeaders(401, REFUSED.length);
        exchange.body().write(REFUSED);
    }

    private boolean accepts(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = header.substring(0, space);
        String credentials = header.substring(space + 1).trim();
        if (bearerToken != null && scheme.equalsIgnoreCase("Bearer")) {
            return MessageDigest.isEqual(bearerToken, credentials.getBytes(StandardCharsets.UTF_8));
        }
        if (basicPassword != null && scheme.equalsIgnoreCase("Basic")) {
            return acceptsBasic(credentials);
        }
        return false;
    }

    private boolean acceptsBasic(String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = 0;
        while (colon < decoded.length && decoded[colon] != ':') {
            colon++;
        }
        if (colon == decoded.length) {
            return false;
        }
        byte[] user = new byte[colon];
        byte[] password = new byte[decoded.length - colon - 1];
        System.arraycopy(decoded, 0, user, 0, user.length);
        System.arraycopy(decoded, colon + 1, password, 0, password.length);
        // Both compared, whatever the first gives: the time says nothing about which was wrong.
        boolean userMatches = MessageDigest.isEqual(basicUsername, user);
        boolean passwordMatches = MessageDigest.isEqual(basicPassword, password);
        return userMatches & passwordMatches;
    }

    private static byte[] utf8(String secret) {
        return secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

}
