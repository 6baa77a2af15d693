package io.github.flinko11y.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.testing.TestKeys;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Properties;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Unusable key material stops the reporter at start with a message that says what to do. */
class TlsKeyMaterialTest {

    private static final String CONVERT = "`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`";

    private static AbstractThrowableAssert<?, ? extends Throwable> assertStartFails(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("port", "0");
        p.setProperty("host", "127.0.0.1");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return assertThatThrownBy(() -> new PrometheusExporterFactory().createMetricReporter(p).close())
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void pkcs1RsaKeyIsRejectedWithTheOpensslFix() throws Exception {
        TestKeys keys = TestKeys.rsa();
        Path key = keys.traditionalPrivateKeyPem("pkcs1-rsa.key");

        assertStartFails("tls.certificate", keys.certificatePem("pkcs1-rsa.crt").toString(),
                "tls.privateKey", key.toString())
                .hasMessage("metrics.reporter.<name>.tls.privateKey: \"" + key + "\" is a PKCS#1/SEC1"
                        + " key (-----BEGIN RSA PRIVATE KEY-----); the exporter reads PKCS#8"
                        + " (-----BEGIN PRIVATE KEY-----): convert it with " + CONVERT
                        + " (cert-manager: set privateKey.encoding: PKCS8)");
    }

    @Test
    void sec1EcKeyIsRejectedWithTheOpensslFix() throws Exception {
        TestKeys keys = TestKeys.ec();
        Path key = keys.traditionalPrivateKeyPem("sec1-ec.key");

        assertStartFails("tls.certificate", keys.certificatePem("sec1-ec.crt").toString(),
                "tls.privateKey", key.toString())
                .hasMessageStartingWith("metrics.reporter.<name>.tls.privateKey: \"" + key + "\" is a"
                        + " PKCS#1/SEC1 key (-----BEGIN EC PRIVATE KEY-----)")
                .hasMessageContaining(CONVERT);
    }

    @Test
    void encryptedPkcs8KeyIsRejected() throws Exception {
        TestKeys keys = TestKeys.rsa();
        Path key = keys.encryptedPrivateKeyPem("encrypted.key", "key-secret-9");

        assertStartFails("tls.certificate", keys.certificatePem("encrypted.crt").toString(),
                "tls.privateKey", key.toString())
                .hasMessage("metrics.reporter.<name>.tls.privateKey: \"" + key + "\" is an encrypted"
                        + " PKCS#8 key, which is not supported; decrypt it with `openssl pkcs8 -in"
                        + " key.pem -out key-pkcs8.pem` and protect the file instead (e.g. a Kubernetes"
                        + " Secret), or put key and certificate in a keystore (tls.keystore,"
                        + " tls.keystorePassword)");
    }

    @Test
    void keyOfAnotherCertificateIsRejectedNamingBothSettings() throws Exception {
        Path cert = TestKeys.rsa().certificatePem("mismatch.crt");
        Path key = TestKeys.ec().privateKeyPem("mismatch.key");

        assertStartFails("tls.certificate", cert.toString(), "tls.privateKey", key.toString())
                .hasMessage("metrics.reporter.<name>.tls.privateKey: the key in \"" + key + "\" does"
                        + " not belong to the first certificate in metrics.reporter.<name>.tls.certificate"
                        + " (\"" + cert + "\", subject CN=localhost); the chain must start with the"
                        + " server's own certificate");
    }

    @Test
    void pemFilesWithoutTheExpectedBlocksNameTheSetting() throws Exception {
        TestKeys keys = TestKeys.rsa();
        Path key = keys.privateKeyPem("swapped.key");
        Path cert = keys.certificatePem("swapped.crt");

        assertStartFails("tls.certificate", key.toString(), "tls.privateKey", cert.toString())
                .hasMessage("metrics.reporter.<name>.tls.certificate: \"" + key + "\" holds no"
                        + " -----BEGIN CERTIFICATE----- block; it must be the PEM certificate chain, the"
                        + " server's certificate first");
        assertStartFails("tls.certificate", cert.toString(), "tls.privateKey", cert.toString())
                .hasMessage("metrics.reporter.<name>.tls.privateKey: \"" + cert + "\" holds no"
                        + " -----BEGIN PRIVATE KEY----- block; it must be the certificate's private key"
                        + " in PEM PKCS#8");
    }

    @Test
    void wrongKeystorePasswordNamesTheSettingButNotThePassword() throws Exception {
        TestKeys keys = TestKeys.rsa();
        String wrong = "wrong-pass-4711";

        assertStartFails("tls.keystore", keys.keystore.toString(), "tls.keystorePassword", wrong)
                .hasMessage("metrics.reporter.<name>.tls.keystorePassword: the keystore \"" + keys.keystore
                        + "\" cannot be opened with this password; set the password of"
                        + " metrics.reporter.<name>.tls.keystore")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
    }

    @Test
    void wrongKeyPasswordNamesTheSettingButNotThePassword() throws Exception {
        TestKeys keys = TestKeys.jksWithKeyPassword();
        String wrong = "wrong-key-pass-4711";

        assertStartFails("tls.keystore", keys.keystore.toString(), "tls.keystoreType", "JKS",
                "tls.keystorePassword", keys.storePassword, "tls.keyPassword", wrong)
                .hasMessage("metrics.reporter.<name>.tls.keyPassword: the private key in \""
                        + keys.keystore + "\" cannot be decrypted with this password; set the key's"
                        + " password (tls.keyPassword when it differs from the keystore's)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        // Without tls.keyPassword the keystore password is tried, and named.
        assertStartFails("tls.keystore", keys.keystore.toString(), "tls.keystoreType", "JKS",
                "tls.keystorePassword", keys.storePassword)
                .hasMessageStartingWith("metrics.reporter.<name>.tls.keystorePassword: the private key in");
    }

    @Test
    void keystoreWithoutAPrivateKeyIsRejected() throws Exception {
        TestKeys keys = TestKeys.rsa();
        KeyStore trustOnly = KeyStore.getInstance("PKCS12");
        trustOnly.load(null, null);
        trustOnly.setCertificateEntry("ca", keys.certificate);
        Path file = TestKeys.path("trust-only.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trustOnly.store(out, "trust-pass".toCharArray());
        }
        file.toFile().deleteOnExit();

        assertStartFails("tls.keystore", file.toString(), "tls.keystorePassword", "trust-pass")
                .hasMessage("metrics.reporter.<name>.tls.keystore: \"" + file + "\" holds no private key,"
                        + " only trusted certificates; it must hold the server's private key with its"
                        + " certificate chain");
    }
}
