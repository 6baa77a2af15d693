package io.github.flinko11y.exporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityConfigTest {

    private static final String PASSWORD = "s3cret-Pa55";
    private static final String TOKEN = "t0ken-abc123";

    @TempDir
    Path dir;

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private String file(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file.toString();
    }

    private static void assertRejected(Properties p, String message, String... secrets) {
        assertThatThrownBy(() -> ExporterConfig.load(p))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message)
                .satisfies(e -> {
                    for (String secret : secrets) {
                        assertThat(e.getMessage()).doesNotContain(secret);
                    }
                });
    }

    @Test
    void nothingIsSecuredByDefault() {
        ExporterConfig config = ExporterConfig.load(new Properties());

        assertThat(config.host()).isEmpty();
        assertThat(config.security().tls()).isEmpty();
        assertThat(config.security().basicAuth()).isFalse();
        assertThat(config.security().bearerAuth()).isFalse();
        assertThat(config.security().requiresCredentials()).isFalse();
        assertThat(config.security().summary()).isEmpty();
    }

    @Test
    void hostIsResolvedToTheBindAddress() throws Exception {
        assertThat(ExporterConfig.load(props("host", "127.0.0.1")).host())
                .contains(InetAddress.getByName("127.0.0.1"));
        assertThat(ExporterConfig.load(props("host", "0.0.0.0")).host().get().isAnyLocalAddress())
                .isTrue();
    }

    @Test
    void badOrForeignHostNamesTheKey() {
        assertRejected(props("host", "[::1"), "metrics.reporter.<name>.host: \"[::1\" does not resolve"
                + " to an address; use an IP address of this machine (127.0.0.1 for local clients"
                + " only) or leave it empty to bind all interfaces");
        // 192.0.2.0/24 is reserved for documentation: never an address of this machine.
        assertRejected(props("host", "192.0.2.7"), "metrics.reporter.<name>.host: \"192.0.2.7\""
                + " (192.0.2.7) is not an address of this machine, so the endpoint cannot bind it;"
                + " use a local address or leave it empty to bind all interfaces");
    }

    @Test
    void basicAuthAndBearerTokenAreReadInlineOrFromFilesWithoutTheTrailingNewline() throws Exception {
        SecurityConfig inline = ExporterConfig.load(props(
                "basicAuth.username", "prometheus", "basicAuth.password", " " + PASSWORD,
                "bearerToken", TOKEN)).security();
        SecurityConfig files = ExporterConfig.load(props(
                "basicAuth.username", "prometheus",
                "basicAuth.passwordFile", file("password", " " + PASSWORD + "\r\n"),
                "bearerTokenFile", file("token", TOKEN + "\n"))).security();

        for (SecurityConfig security : new SecurityConfig[] {inline, files}) {
            assertThat(security.basicUsername()).isEqualTo("prometheus");
            assertThat(security.basicPassword()).isEqualTo(" " + PASSWORD);
            assertThat(security.bearerToken()).isEqualTo(TOKEN);
            assertThat(security.requiresCredentials()).isTrue();
            assertThat(security.summary()).isEqualTo("basic auth, bearer token");
        }
    }

    @Test
    void toStringMasksEverySecret() throws Exception {
        String keystore = file("store.p12", "not read by the config");
        SecurityConfig security = ExporterConfig.load(props(
                "tls.keystore", keystore, "tls.keystorePassword", PASSWORD, "tls.keyPassword", PASSWORD + "k",
                "basicAuth.username", "prometheus", "basicAuth.password", PASSWORD,
                "bearerToken", TOKEN)).security();

        assertThat(security.toString()).isEqualTo("SecurityConfig{tls=TlsConfig{keystore=" + keystore
                + ", type=PKCS12, keystorePassword=******, keyPassword=******},"
                + " basicAuth=prometheus:******, bearerToken=******}");
        assertThat(security.summary()).isEqualTo("TLS, basic auth, bearer token");
    }

    @Test
    void basicAuthNeedsBothUserAndPassword() throws Exception {
        assertRejected(props("basicAuth.username", "prometheus"),
                "metrics.reporter.<name>.basicAuth.username is set without a password; set"
                        + " metrics.reporter.<name>.basicAuth.passwordFile (or"
                        + " metrics.reporter.<name>.basicAuth.password)");
        assertRejected(props("basicAuth.password", PASSWORD),
                "metrics.reporter.<name>.basicAuth.password is set without"
                        + " metrics.reporter.<name>.basicAuth.username; basic authentication needs both",
                PASSWORD);
        assertRejected(props("basicAuth.passwordFile", file("password", PASSWORD)),
                "metrics.reporter.<name>.basicAuth.passwordFile is set without"
                        + " metrics.reporter.<name>.basicAuth.username; basic authentication needs both",
                PASSWORD);
        assertRejected(props("basicAuth.username", "a:b", "basicAuth.password", PASSWORD),
                "metrics.reporter.<name>.basicAuth.username: \"a:b\" contains ':', which basic"
                        + " authentication cannot carry in a user name",
                PASSWORD);
    }

    @Test
    void aSecretGivenInlineAndAsFileIsRejectedWithoutShowingIt() throws Exception {
        assertRejected(props("basicAuth.username", "prometheus", "basicAuth.password", PASSWORD,
                        "basicAuth.passwordFile", file("password", PASSWORD)),
                "metrics.reporter.<name>.basicAuth.password and"
                        + " metrics.reporter.<name>.basicAuth.passwordFile are both set; set only one of them",
                PASSWORD);
        assertRejected(props("bearerToken", TOKEN, "bearerTokenFile", file("token", TOKEN)),
                "metrics.reporter.<name>.bearerToken and metrics.reporter.<name>.bearerTokenFile are"
                        + " both set; set only one of them",
                TOKEN);
    }

    @Test
    void aTokenAHeaderCannotCarryIsRejectedWithoutShowingIt() throws Exception {
        assertRejected(props("bearerTokenFile", file("token", TOKEN + " \n")),
                "metrics.reporter.<name>.bearerTokenFile: the token contains a space or control"
                        + " character (at position 13 of 13), which an Authorization header cannot carry",
                TOKEN);
        assertRejected(props("bearerToken", "abc\tdef"),
                "metrics.reporter.<name>.bearerToken: the token contains a space or control"
                        + " character (at position 4 of 7), which an Authorization header cannot carry",
                "abc\tdef");
    }

    @Test
    void missingOrEmptySecretFilesNameKeyAndPath() throws Exception {
        String missing = dir.resolve("nope").toString();
        assertRejected(props("bearerTokenFile", missing),
                "metrics.reporter.<name>.bearerTokenFile: \"" + missing + "\" does not exist; mount"
                        + " the file there or correct the path");
        String empty = file("empty", "\n");
        assertRejected(props("basicAuth.username", "u", "basicAuth.passwordFile", empty),
                "metrics.reporter.<name>.basicAuth.passwordFile: \"" + empty + "\" is empty; it must"
                        + " hold the secret");
    }

    @Test
    void pemNeedsCertificateAndKeyAndExcludesAKeystore() throws Exception {
        String cert = file("tls.crt", "");
        String key = file("tls.key", "");
        String store = file("store.p12", "");
        assertRejected(props("tls.certificate", cert),
                "metrics.reporter.<name>.tls.certificate is set but metrics.reporter.<name>.tls.privateKey"
                        + " is not; TLS from PEM files needs both the certificate chain and its private key");
        assertRejected(props("tls.privateKey", key),
                "metrics.reporter.<name>.tls.privateKey is set but metrics.reporter.<name>.tls.certificate"
                        + " is not; TLS from PEM files needs both the certificate chain and its private key");
        assertRejected(props("tls.certificate", cert, "tls.privateKey", key, "tls.keystore", store,
                        "tls.keystorePassword", PASSWORD),
                "metrics.reporter.<name>.tls.certificate and metrics.reporter.<name>.tls.keystore are"
                        + " both set; configure TLS either from PEM files (tls.certificate and"
                        + " tls.privateKey) or from a keystore (tls.keystore), not both",
                PASSWORD);
    }

    @Test
    void keystoreSettingsNeedAKeystore() throws Exception {
        assertRejected(props("tls.keystorePassword", PASSWORD),
                "metrics.reporter.<name>.tls.keystorePassword is set but metrics.reporter.<name>.tls.keystore"
                        + " is not; it only applies to a keystore",
                PASSWORD);
        assertRejected(props("tls.keyPassword", PASSWORD),
                "metrics.reporter.<name>.tls.keyPassword is set but metrics.reporter.<name>.tls.keystore"
                        + " is not; it only applies to a keystore",
                PASSWORD);
        assertRejected(props("tls.keystore", file("store.jceks", ""), "tls.keystoreType", "JCEKS"),
                "metrics.reporter.<name>.tls.keystoreType: \"JCEKS\" is not supported; use PKCS12 or JKS");
    }

    @Test
    void tlsFilesMustExistAndBeFiles() throws Exception {
        String key = file("tls.key", "");
        String missing = dir.resolve("missing.crt").toString();
        assertRejected(props("tls.certificate", missing, "tls.privateKey", key),
                "metrics.reporter.<name>.tls.certificate: \"" + missing + "\" does not exist; mount the"
                        + " file there or correct the path");
        assertRejected(props("tls.keystore", dir.toString(), "tls.keystorePassword", PASSWORD),
                "metrics.reporter.<name>.tls.keystore: \"" + dir + "\" is not a file", PASSWORD);
    }

    @Test
    void keystoreTypeIsCaseInsensitiveAndKeyPasswordDefaultsToTheStores() throws Exception {
        TlsConfig tls = ExporterConfig.load(props("tls.keystore", file("store.jks", ""),
                "tls.keystoreType", "jks", "tls.keystorePassword", PASSWORD)).security().tls().get();

        assertThat(tls.source()).isEqualTo(TlsConfig.Source.KEYSTORE);
        assertThat(tls.keystoreType()).isEqualTo("JKS");
        assertThat(new String(tls.keyPassword())).isEqualTo(PASSWORD);
        assertThat(tls.hasOwnKeyPassword()).isFalse();
    }
}
