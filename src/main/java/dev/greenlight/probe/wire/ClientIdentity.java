package dev.greenlight.probe.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * The certificate and key a check presents for mutual TLS ({@code client_cert}, {@code client_key}: PEM files; the
 * key unencrypted PKCS#8, RSA or EC). Loaded and checked when the plan is built: a key that does not belong to the
 * certificate is a configuration error, not a handshake failure at 3 a.m.
 */
public final class ClientIdentity {

    private final X509Certificate[] chain;
    private final PrivateKey key;
    private final String source;

    private ClientIdentity(X509Certificate[] chain, PrivateKey key, String source) {
        this.chain = chain;
        this.key = key;
        this.source = source;
    }

    /** @throws IllegalArgumentException saying what is wrong with which file and what was expected */
    public static ClientIdentity load(Path certFile, Path keyFile) {
        X509Certificate[] chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!belongTogether(chain[0], key)) {
            throw new IllegalArgumentException(keyFile + " is not the key of the certificate in " + certFile);
        }
        return new ClientIdentity(chain, key, certFile.toString());
    }

    KeyManager[] keyManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("client", key, password, chain);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hold the client certificate of " + source, e);
        }
    }

    /** The subject of the certificate presented, for evidence. */
    String subject() {
        return chain[0].getSubjectX500Principal().getName();
    }

    private static X509Certificate[] certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return out.toArray(new X509Certificate[0]);
        } catch (IOException e) {
            throw new IllegalArgumentException(TrustedCas.unreadable(file, e));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(TrustedCas.unreadable(file, e));
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException(file + " is encrypted; expected an unencrypted PKCS#8 key "
                    + "(openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException(file + " is a PKCS#1/SEC1 key; expected PKCS#8 (\"BEGIN PRIVATE KEY\": "
                    + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + " holds no PEM private key; expected \"-----BEGIN PRIVATE KEY-----\"");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the key is not valid base64");
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }

    /** Signs a random message with the key and verifies it with the certificate's public key. */
    private static boolean belongTogether(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] message = new byte[32];
            new SecureRandom().nextBytes(message);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
