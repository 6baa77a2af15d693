package io.github.flinko11y.exporter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made by the JDK's keytool, with
 * the PEM files users would mount. Generated once per JVM and kind; deleted when the JVM exits.
 */
public final class TestKeys {

    public static final String ALIAS = "server";

    private static TestKeys rsa;
    private static TestKeys ec;
    private static TestKeys jks;
    private static Path dir;

    /** The keystore file and its type and passwords. */
    public final Path keystore;
    public final String keystoreType;
    public final String storePassword;
    public final String keyPassword;
    public final X509Certificate certificate;
    public final PrivateKey privateKey;

    private TestKeys(Path keystore, String keystoreType, String storePassword, String keyPassword)
            throws IOException, GeneralSecurityException {
        this.keystore = keystore;
        this.keystoreType = keystoreType;
        this.storePassword = storePassword;
        this.keyPassword = keyPassword;
        KeyStore store = KeyStore.getInstance(keystoreType);
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, storePassword.toCharArray());
        }
        this.certificate = (X509Certificate) store.getCertificate(ALIAS);
        this.privateKey = (PrivateKey) store.getKey(ALIAS, keyPassword.toCharArray());
    }

    /** RSA 2048 in a PKCS12 keystore. */
    public static synchronized TestKeys rsa() throws Exception {
        if (rsa == null) {
            rsa = generate("rsa.p12", "RSA", "2048", "PKCS12", "store-pass-rsa", "store-pass-rsa");
        }
        return rsa;
    }

    /** EC P-256 in a PKCS12 keystore. */
    public static synchronized TestKeys ec() throws Exception {
        if (ec == null) {
            ec = generate("ec.p12", "EC", "256", "PKCS12", "store-pass-ec", "store-pass-ec");
        }
        return ec;
    }

    /** RSA 2048 in a JKS keystore whose key has its own password. */
    public static synchronized TestKeys jksWithKeyPassword() throws Exception {
        if (jks == null) {
            jks = generate("rsa.jks", "RSA", "2048", "JKS", "store-pass-jks", "key-pass-jks");
        }
        return jks;
    }

    private static TestKeys generate(String file, String algorithm, String size, String type,
            String storePassword, String keyPassword) throws Exception {
        Path keystore = directory().resolve(file);
        List<String> command = new ArrayList<>(Arrays.asList(
                Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-Xmx64m", "-J-XX:+UseSerialGC",
                "-genkeypair", "-alias", ALIAS, "-keyalg", algorithm, "-keysize", size,
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", type, "-keystore", keystore.toString(),
                "-storepass", storePassword, "-keypass", keyPassword));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = keytool.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        keystore.toFile().deleteOnExit();
        return new TestKeys(keystore, type, storePassword, keyPassword);
    }

    private static Path directory() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("flink-o11y-test-keys");
            dir.toFile().deleteOnExit(); // registered first, so deleted after the files in it
        }
        return dir;
    }

    /** A file in the key directory, deleted when the JVM exits. */
    public static Path file(String name, String content) throws IOException {
        Path file = directory().resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        file.toFile().deleteOnExit();
        return file;
    }

    /** The certificate as a PEM file: {@code -----BEGIN CERTIFICATE-----}, 64-character lines. */
    public Path certificatePem(String name) throws Exception {
        return file(name, pem("CERTIFICATE", certificate.getEncoded()));
    }

    /** The private key as PEM PKCS#8: {@code -----BEGIN PRIVATE KEY-----}. */
    public Path privateKeyPem(String name) throws IOException {
        return file(name, pem("PRIVATE KEY", privateKey.getEncoded()));
    }

    /**
     * The private key as openssl's traditional format: PKCS#1 {@code BEGIN RSA PRIVATE KEY} or SEC1
     * {@code BEGIN EC PRIVATE KEY}, which is the key structure PKCS#8 wraps in an OCTET STRING.
     */
    public Path traditionalPrivateKeyPem(String name) throws IOException {
        byte[] inner = innerKey(privateKey.getEncoded());
        if (!privateKey.getAlgorithm().equals("EC")) {
            return file(name, pem("RSA PRIVATE KEY", inner));
        }
        // Inside PKCS#8 the SEC1 key omits its curve; a standalone one names it: [0] OID P-256.
        byte[] curve = {
            (byte) 0xa0, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07
        };
        int[] at = {0};
        int length = enter(inner, at, 0x30);
        byte[] sec1 = new byte[2 + length + curve.length];
        sec1[0] = 0x30;
        sec1[1] = (byte) (length + curve.length);
        System.arraycopy(inner, at[0], sec1, 2, length);
        System.arraycopy(curve, 0, sec1, 2 + length, curve.length);
        return file(name, pem("EC PRIVATE KEY", sec1));
    }

    /** The private key as encrypted PKCS#8: {@code BEGIN ENCRYPTED PRIVATE KEY}. */
    public Path encryptedPrivateKeyPem(String name, String password) throws Exception {
        // An old PKCS#12 scheme: one that EncryptedPrivateKeyInfo can name in any JDK.
        String algorithm = "PBEWithSHA1AndDESede";
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.toCharArray())),
                new PBEParameterSpec(salt, 1000));
        byte[] encrypted = cipher.doFinal(privateKey.getEncoded());
        return file(name, pem("ENCRYPTED PRIVATE KEY",
                new EncryptedPrivateKeyInfo(cipher.getParameters(), encrypted).getEncoded()));
    }

    /** Client sockets that trust this certificate only. */
    public SSLSocketFactory clientSockets() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    public static String pem(String label, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder("-----BEGIN " + label + "-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return out.append("-----END ").append(label).append("-----\n").toString();
    }

    /** PKCS#8 is SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING key }: the key. */
    private static byte[] innerKey(byte[] pkcs8) {
        int[] at = {0};
        enter(pkcs8, at, 0x30);
        skip(pkcs8, at, 0x02);
        skip(pkcs8, at, 0x30);
        int length = enter(pkcs8, at, 0x04);
        return Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
    }

    private static void skip(byte[] der, int[] at, int tag) {
        int length = enter(der, at, tag);
        at[0] += length;
    }

    /** Reads a tag and length; leaves {@code at} on the content and returns its length. */
    private static int enter(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER tag at " + (at[0] - 1));
        }
        int length = der[at[0]++] & 0xff;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[at[0]++] & 0xff);
            }
        }
        return length;
    }

    /** A path in the key directory for a file the test writes (and marks deleteOnExit). */
    public static Path path(String name) throws IOException {
        return directory().resolve(name);
    }
}
