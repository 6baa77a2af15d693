package io.github.flinko11y.exporter.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * TLS and authentication of the endpoint. Keys holding secrets contain "password" or "token": Flink
 * masks such keys in its web UI and logs.
 */
public final class EndpointSecurityOptions {

    public static final ExporterOption TLS_CERTIFICATE =
            new ExporterOption(
                    "tls.certificate",
                    "",
                    "Path to a PEM file with the server certificate chain, the server's certificate"
                            + " first, then any intermediates. Together with tls.privateKey the"
                            + " endpoint serves https:// only (TLS 1.3 and 1.2); not combinable with"
                            + " tls.keystore. Read once at start: restart to rotate. Example:"
                            + " /opt/flink/tls/tls.crt (a mounted Kubernetes TLS Secret).");

    public static final ExporterOption TLS_PRIVATE_KEY =
            new ExporterOption(
                    "tls.privateKey",
                    "",
                    "Path to the private key of tls.certificate: a PEM file in unencrypted PKCS#8"
                            + " (-----BEGIN PRIVATE KEY-----), RSA or EC. Convert a PKCS#1 or EC key"
                            + " (BEGIN RSA PRIVATE KEY, BEGIN EC PRIVATE KEY) with `openssl pkcs8"
                            + " -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`, or have cert-manager"
                            + " write PKCS#8 (privateKey.encoding: PKCS8). Encrypted keys are not"
                            + " supported; use tls.keystore for a password-protected key. Example:"
                            + " /opt/flink/tls/tls.key.");

    public static final ExporterOption TLS_KEYSTORE =
            new ExporterOption(
                    "tls.keystore",
                    "",
                    "Path to a keystore with the server's private key and certificate chain, the"
                            + " alternative to tls.certificate and tls.privateKey. Read once at start."
                            + " Example: /opt/flink/tls/metrics.p12.");

    public static final ExporterOption TLS_KEYSTORE_PASSWORD =
            new ExporterOption(
                    "tls.keystorePassword",
                    "",
                    "Password of tls.keystore. Only used with tls.keystore.");

    public static final ExporterOption TLS_KEYSTORE_TYPE =
            new ExporterOption(
                    "tls.keystoreType",
                    "PKCS12",
                    "Format of tls.keystore: PKCS12 or JKS. Only used with tls.keystore.");

    public static final ExporterOption TLS_KEY_PASSWORD =
            new ExporterOption(
                    "tls.keyPassword",
                    "",
                    "Password of the private key inside tls.keystore, when it differs from the"
                            + " keystore's (possible in JKS). Default: tls.keystorePassword.");

    public static final ExporterOption BASIC_AUTH_USERNAME =
            new ExporterOption(
                    "basicAuth.username",
                    "",
                    "User name for HTTP basic authentication; requires basicAuth.password or"
                            + " basicAuth.passwordFile. When set, /metrics and / answer 401 to requests"
                            + " without valid credentials (basic, or the bearer token when one is also"
                            + " configured). /-/healthy stays open for Kubernetes probes: it serves no"
                            + " metric data. Use with TLS, or the credentials cross the network in"
                            + " clear text. Example: prometheus (Prometheus: basic_auth.username).");

    public static final ExporterOption BASIC_AUTH_PASSWORD =
            new ExporterOption(
                    "basicAuth.password",
                    "",
                    "Password of basicAuth.username. Prefer basicAuth.passwordFile, which keeps the"
                            + " password out of Flink's configuration.");

    public static final ExporterOption BASIC_AUTH_PASSWORD_FILE =
            new ExporterOption(
                    "basicAuth.passwordFile",
                    "",
                    "Path to a file holding the password of basicAuth.username, e.g. a mounted"
                            + " Kubernetes Secret; read once at start, a trailing newline is removed."
                            + " Not combinable with basicAuth.password. Example:"
                            + " /opt/flink/secrets/metrics-password.");

    public static final ExporterOption BEARER_TOKEN =
            new ExporterOption(
                    "bearerToken",
                    "",
                    "Token clients send as 'Authorization: Bearer <token>'. When set, /metrics and /"
                            + " answer 401 to requests without it (or valid basic credentials, when"
                            + " those are configured too); /-/healthy stays open. Prefer"
                            + " bearerTokenFile, which keeps the token out of Flink's configuration.");

    public static final ExporterOption BEARER_TOKEN_FILE =
            new ExporterOption(
                    "bearerTokenFile",
                    "",
                    "Path to a file holding the bearer token, e.g. a mounted Kubernetes Secret;"
                            + " read once at start, a trailing newline is removed. Not combinable"
                            + " with bearerToken. Example: /opt/flink/secrets/metrics-token"
                            + " (Prometheus: authorization.credentials_file).");

    private EndpointSecurityOptions() {}

    static List<ExporterOption> all() {
        return Collections.unmodifiableList(
                Arrays.asList(
                        TLS_CERTIFICATE,
                        TLS_PRIVATE_KEY,
                        TLS_KEYSTORE,
                        TLS_KEYSTORE_PASSWORD,
                        TLS_KEYSTORE_TYPE,
                        TLS_KEY_PASSWORD,
                        BASIC_AUTH_USERNAME,
                        BASIC_AUTH_PASSWORD,
                        BASIC_AUTH_PASSWORD_FILE,
                        BEARER_TOKEN,
                        BEARER_TOKEN_FILE));
    }
}
