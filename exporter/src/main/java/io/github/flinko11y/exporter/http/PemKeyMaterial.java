package io.github.flinko11y.exporter.http;

import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_CERTIFICATE;
import static io.github.flinko11y.exporter.config.EndpointSecurityOptions.TLS_PRIVATE_KEY;

import io.github.flinko11y.exporter.config.ConfigException;
import io.github.flinko11y.exporter.config.ConfigFiles;
import io.github.flinko11y.exporter.config.ExporterOption;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain and its PKCS#8 private key into an in-memory keystore. Errors name
 * the setting and the file, and say how to fix the usual mistakes (a PKCS#1 key from openssl or
 * cert-manager, a chain in the wrong order).
 */
final class PemKeyMaterial {

    /** Protects the key inside the in-memory keystore only; it never leaves this process. */
    static final char[] IN_MEMORY_PASSWORD = "flink-o11y".toCharArray();

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String CONVERT =
            "convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem` (cert-manager:"
                    + " set privateKey.encoding: PKCS8)";

    private PemKeyMaterial() {}

    static KeyStore keyStore(Path certificateFile, Path privateKeyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(privateKeyFile);
        requireMatch(key, chain.get(0), certificateFile, privateKeyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("flink-o11y", key, IN_MEMORY_PASSWORD,
                    chain.toArray(new X509Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot hold the endpoint's key in memory", e);
        }
    }

    static List<X509Certificate> certificates(Path file) {
        String where = TLS_CERTIFICATE.fullKey() + ": \"" + file + "\"";
        List<byte[]> blocks = blocks(TLS_CERTIFICATE, file).get("CERTIFICATE");
        if (blocks == null) {
            throw new ConfigException(where + " holds no -----BEGIN CERTIFICATE----- block; it must"
                    + " be the PEM certificate chain, the server's certificate first");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new ConfigException(where + " holds a certificate that cannot be read ("
                    + e.getMessage() + ")", e);
        }
        return chain;
    }

    static PrivateKey privateKey(Path file) {
        String where = TLS_PRIVATE_KEY.fullKey() + ": \"" + file + "\"";
        Map<String, List<byte[]>> blocks = blocks(TLS_PRIVATE_KEY, file);
        if (blocks.containsKey("RSA PRIVATE KEY") || blocks.containsKey("EC PRIVATE KEY")) {
            throw new ConfigException(where + " is a PKCS#1/SEC1 key (-----BEGIN "
                    + (blocks.containsKey("RSA PRIVATE KEY") ? "RSA" : "EC") + " PRIVATE KEY-----);"
                    + " the exporter reads PKCS#8 (-----BEGIN PRIVATE KEY-----): " + CONVERT);
        }
        if (blocks.containsKey("ENCRYPTED PRIVATE KEY")) {
            throw new ConfigException(where + " is an encrypted PKCS#8 key, which is not supported;"
                    + " decrypt it with `openssl pkcs8 -in key.pem -out key-pkcs8.pem` and protect the"
                    + " file instead (e.g. a Kubernetes Secret), or put key and certificate in a"
                    + " keystore (tls.keystore, tls.keystorePassword)");
        }
        List<byte[]> keys = blocks.get("PRIVATE KEY");
        if (keys == null) {
            throw new ConfigException(where + " holds no -----BEGIN PRIVATE KEY----- block; it must be"
                    + " the certificate's private key in PEM PKCS#8");
        }
        if (keys.size() > 1) {
            throw new ConfigException(where + " holds " + keys.size() + " private keys; it must hold"
                    + " only the certificate's");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(where + " holds a PKCS#8 key that is neither RSA nor EC; use an"
                + " RSA or EC key");
    }

    /** The PEM blocks of a file by label, in file order; text around the blocks is ignored. */
    private static Map<String, List<byte[]>> blocks(ExporterOption option, Path file) {
        String text = new String(ConfigFiles.read(option, file), StandardCharsets.US_ASCII);
        Map<String, List<byte[]>> blocks = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            if (label.equals("RSA PRIVATE KEY") || label.equals("EC PRIVATE KEY")
                    || label.equals("ENCRYPTED PRIVATE KEY")) {
                // Recognised by label alone: PKCS#1 may carry "Proc-Type:" headers.
                blocks.computeIfAbsent(label, l -> new ArrayList<>()).add(new byte[0]);
                continue;
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
                blocks.computeIfAbsent(label, l -> new ArrayList<>()).add(der);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(option.fullKey() + ": \"" + file + "\" is not valid PEM: the "
                        + label + " block is not base64", e);
            }
        }
        return blocks;
    }

    /** A signature made with the key must verify with the leaf certificate: else TLS would fail later. */
    private static void requireMatch(PrivateKey key, X509Certificate leaf, Path certificateFile,
            Path privateKeyFile) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "flink-o11y key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type or curve: no match
        }
        throw new ConfigException(TLS_PRIVATE_KEY.fullKey() + ": the key in \"" + privateKeyFile
                + "\" does not belong to the first certificate in " + TLS_CERTIFICATE.fullKey()
                + " (\"" + certificateFile + "\", subject " + leaf.getSubjectX500Principal().getName()
                + "); the chain must start with the server's own certificate");
    }
}
