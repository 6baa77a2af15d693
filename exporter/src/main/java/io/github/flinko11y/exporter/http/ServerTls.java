package io.github.flinko11y.exporter.http;

import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_KEYSTORE;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_KEYSTORE_PASSWORD;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_KEY_PASSWORD;

import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.config.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The server side of TLS: the key material of a {@link TlsConfig}, TLS 1.3 and 1.2 only. */
final class ServerTls {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerTls() {}

    /** Reads the key material now, so a bad file or password fails the reporter at start. */
    static SSLContext context(TlsConfig tls) {
        KeyStore store;
        char[] keyPassword;
        if (tls.source() == TlsConfig.Source.PEM_FILES) {
            store = PemKeyMaterial.keyStore(tls.certificate(), tls.privateKey());
            keyPassword = PemKeyMaterial.IN_MEMORY_PASSWORD;
        } else {
            store = keystore(tls);
            keyPassword = tls.keyPassword();
        }
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            try {
                keys.init(store, keyPassword);
            } catch (UnrecoverableKeyException e) {
                throw new ConfigException((tls.hasOwnKeyPassword() ? TLS_KEY_PASSWORD : TLS_KEYSTORE_PASSWORD)
                        .fullKey() + ": the private key in \"" + tls.keystore() + "\" cannot be"
                        + " decrypted with this password; set the key's password (tls.keyPassword"
                        + " when it differs from the keystore's)", e);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot set up a TLS server context", e);
        }
    }

    private static KeyStore keystore(TlsConfig tls) {
        String where = TLS_KEYSTORE.fullKey() + ": \"" + tls.keystore() + "\"";
        KeyStore store;
        try {
            store = KeyStore.getInstance(tls.keystoreType());
        } catch (KeyStoreException e) {
            throw new IllegalStateException("This JVM has no " + tls.keystoreType() + " keystores", e);
        }
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            store.load(in, tls.keystorePassword());
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException(TLS_KEYSTORE_PASSWORD.fullKey() + ": the keystore \""
                        + tls.keystore() + "\" cannot be opened with this password; set the"
                        + " password of " + TLS_KEYSTORE.fullKey(), e);
            }
            throw new ConfigException(where + " cannot be read as a " + tls.keystoreType()
                    + " keystore (" + e.getMessage() + "); check the file and tls.keystoreType", e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(where + " cannot be read as a " + tls.keystoreType()
                    + " keystore (" + e.getMessage() + ")", e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return store;
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("Keystore was loaded but cannot be listed", e);
        }
        throw new ConfigException(where + " holds no private key, only trusted certificates; it must"
                + " hold the server's private key with its certificate chain");
    }
}
