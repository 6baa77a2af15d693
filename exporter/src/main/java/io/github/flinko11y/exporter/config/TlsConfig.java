package io.github.flinko11y.exporter.config;

import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_CERTIFICATE;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_KEYSTORE;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_KEYSTORE_PASSWORD;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_KEYSTORE_TYPE;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_KEY_PASSWORD;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_PRIVATE_KEY;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the endpoint's certificate and private key come from: PEM files or a keystore. The files
 * are checked to be readable here; their content is read by the HTTP transport when it starts.
 * Passwords never appear in {@link #toString()}.
 */
public final class TlsConfig {

    /** The two ways to provide the key material. */
    public enum Source {
        PEM_FILES,
        KEYSTORE
    }

    private final Source source;
    private final Path certificate;
    private final Path privateKey;
    private final Path keystore;
    private final String keystoreType;
    private final String keystorePassword;
    private final String keyPassword;

    private TlsConfig(Source source, Path certificate, Path privateKey, Path keystore,
            String keystoreType, String keystorePassword, String keyPassword) {
        this.source = source;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.keystore = keystore;
        this.keystoreType = keystoreType;
        this.keystorePassword = keystorePassword;
        this.keyPassword = keyPassword;
    }

    /** Empty when no TLS setting is present (plain HTTP); a bad combination throws. */
    static Optional<TlsConfig> load(Properties properties) {
        String cert = ExporterConfig.value(properties, TLS_CERTIFICATE);
        String key = ExporterConfig.value(properties, TLS_PRIVATE_KEY);
        String store = ExporterConfig.value(properties, TLS_KEYSTORE);
        boolean pem = !cert.isEmpty() || !key.isEmpty();
        if (pem && !store.isEmpty()) {
            throw new ConfigException(
                    (cert.isEmpty() ? TLS_PRIVATE_KEY : TLS_CERTIFICATE).fullKey() + " and "
                            + TLS_KEYSTORE.fullKey() + " are both set; configure TLS either from PEM"
                            + " files (tls.certificate and tls.privateKey) or from a keystore"
                            + " (tls.keystore), not both");
        }
        if (store.isEmpty()) {
            for (ExporterOption keystoreOnly :
                    new ExporterOption[] {TLS_KEYSTORE_PASSWORD, TLS_KEYSTORE_TYPE, TLS_KEY_PASSWORD}) {
                if (ExporterConfig.isSet(properties, keystoreOnly)) {
                    throw new ConfigException(keystoreOnly.fullKey() + " is set but "
                            + TLS_KEYSTORE.fullKey() + " is not; it only applies to a keystore");
                }
            }
        }
        if (pem) {
            if (cert.isEmpty() || key.isEmpty()) {
                ExporterOption missing = cert.isEmpty() ? TLS_CERTIFICATE : TLS_PRIVATE_KEY;
                ExporterOption present = cert.isEmpty() ? TLS_PRIVATE_KEY : TLS_CERTIFICATE;
                throw new ConfigException(present.fullKey() + " is set but " + missing.fullKey()
                        + " is not; TLS from PEM files needs both the certificate chain and its"
                        + " private key");
            }
            return Optional.of(new TlsConfig(Source.PEM_FILES,
                    ConfigFiles.readableFile(TLS_CERTIFICATE, cert),
                    ConfigFiles.readableFile(TLS_PRIVATE_KEY, key),
                    null, null, null, null));
        }
        if (store.isEmpty()) {
            return Optional.empty();
        }
        String typeValue = ExporterConfig.value(properties, TLS_KEYSTORE_TYPE);
        String type = typeValue.toUpperCase(Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS")) {
            throw new ConfigException(TLS_KEYSTORE_TYPE.fullKey() + ": \"" + typeValue + "\" is not"
                    + " supported; use PKCS12 or JKS");
        }
        String keyPassword = ExporterConfig.isSet(properties, TLS_KEY_PASSWORD)
                ? ExporterConfig.secret(properties, TLS_KEY_PASSWORD)
                : null;
        return Optional.of(new TlsConfig(Source.KEYSTORE, null, null,
                ConfigFiles.readableFile(TLS_KEYSTORE, store), type,
                ExporterConfig.secret(properties, TLS_KEYSTORE_PASSWORD), keyPassword));
    }

    public Source source() {
        return source;
    }

    /** The PEM certificate chain ({@link Source#PEM_FILES}). */
    public Path certificate() {
        return certificate;
    }

    /** The PEM PKCS#8 private key ({@link Source#PEM_FILES}). */
    public Path privateKey() {
        return privateKey;
    }

    /** The keystore file ({@link Source#KEYSTORE}). */
    public Path keystore() {
        return keystore;
    }

    /** PKCS12 or JKS ({@link Source#KEYSTORE}). */
    public String keystoreType() {
        return keystoreType;
    }

    /** Empty when none is configured ({@link Source#KEYSTORE}). */
    public char[] keystorePassword() {
        return keystorePassword.toCharArray();
    }

    /** The key's own password, or the keystore's when none is configured. */
    public char[] keyPassword() {
        return (keyPassword != null ? keyPassword : keystorePassword).toCharArray();
    }

    /** Whether {@link #keyPassword()} comes from tls.keyPassword rather than tls.keystorePassword. */
    public boolean hasOwnKeyPassword() {
        return keyPassword != null;
    }

    @Override
    public String toString() {
        if (source == Source.PEM_FILES) {
            return "TlsConfig{certificate=" + certificate + ", privateKey=" + privateKey + "}";
        }
        return "TlsConfig{keystore=" + keystore + ", type=" + keystoreType
                + ", keystorePassword=" + (keystorePassword.isEmpty() ? "(none)" : "******")
                + (keyPassword != null ? ", keyPassword=******" : "") + "}";
    }
}
