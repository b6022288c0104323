package dev.greenlight.functional;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA and server certificates it signs, and TLS listeners on loopback that present them. */
final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private final KeyPair caKeys;
    private final X509Certificate ca;

    TestCertificates() throws Exception {
        caKeys = keys();
        ca = sign("CN=Greenlight Test CA", caKeys, caKeys, "CN=Greenlight Test CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)), null, true);
    }

    /** The CA as a PEM file, for {@code ca_file}. */
    Path caFile(Path dir) throws IOException {
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(encoded(ca)) + "\n-----END CERTIFICATE-----\n");
        return file;
    }

    /** A server-side TLS context whose certificate (signed by this CA) names {@code host} and is valid now. */
    SSLContext serverContext(String host) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(serverKeys(host).getKeyManagers(), null, null);
        return context;
    }

    /** A started https server whose certificate (signed by this CA) names {@code host}: 200 {"status": "UP"} on every path. */
    com.sun.net.httpserver.HttpsServer httpsServer(String host) throws Exception {
        var https = com.sun.net.httpserver.HttpsServer.create(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(serverContext(host)));
        https.createContext("/", ex -> {
            byte[] body = "{\"status\": \"UP\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        https.start();
        return https;
    }

    /** Key managers holding a certificate for {@code host} signed by this CA, valid now. */
    private KeyManagerFactory serverKeys(String host) throws Exception {
        KeyPair keys = keys();
        X509Certificate leaf = sign("CN=" + host, keys, caKeys, "CN=Greenlight Test CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), host, false);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), "pw".toCharArray(), new X509Certificate[] {leaf, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "pw".toCharArray());
        return kmf;
    }

    /** A TLS listener whose certificate names {@code host} and is valid from {@code from} to {@code to}. */
    int serve(String host, Instant from, Instant to, boolean selfSigned) throws Exception {
        KeyPair keys = keys();
        X509Certificate leaf = selfSigned
                ? sign("CN=" + host, keys, keys, "CN=" + host, from, to, host, false)
                : sign("CN=" + host, keys, caKeys, "CN=Greenlight Test CA", from, to, host, false);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), "pw".toCharArray(),
                selfSigned ? new X509Certificate[] {leaf} : new X509Certificate[] {leaf, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "pw".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }, "test-tls");
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    /** A server certificate naming {@code host}, signed by this CA and valid now, and its key: {cert.pem, key.pem}. */
    Path[] serverPem(Path dir, String host) throws Exception {
        return pem(dir, host, host, host + "-server");
    }

    /** A client certificate for {@code cn} signed by this CA, and its key: {cert.pem, key.pem} (the key PKCS#8). */
    Path[] clientPem(Path dir, String cn) throws Exception {
        return pem(dir, cn, null, cn);
    }

    /** A certificate for {@code cn} (naming {@code host} when given) signed by this CA, valid now, and its key, as PEM files. */
    private Path[] pem(Path dir, String cn, String host, String file) throws Exception {
        KeyPair keys = keys();
        X509Certificate leaf = sign("CN=" + cn, keys, caKeys, "CN=Greenlight Test CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), host, false);
        Path cert = dir.resolve(file + ".pem");
        Path key = dir.resolve(file + "-key.pem");
        Files.writeString(cert, pem("CERTIFICATE", encoded(leaf)));
        Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded())); // Java encodes private keys as PKCS#8
        return new Path[] {cert, key};
    }

    /** A server context like {@link #serverContext} that trusts client certificates signed by this CA. */
    SSLContext serverContextTrustingClients(String host) throws Exception {
        KeyManagerFactory kmf = serverKeys(host);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, KeyPair issuerKeys, String issuer, Instant from,
                                        Instant to, String host, boolean isCa) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), new X500Name(subject),
                subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (host != null) {
            GeneralName name = host.matches("[0-9.]+") ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(name));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static byte[] encoded(X509Certificate certificate) throws IOException {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

}
