package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@code tls: "host:443"} or {@code tls: {address, server_name, ca_file}}: a TLS handshake, then the
 * certificate judged on its own terms: validity dates, chain trust (the JVM's trust store, or the PEM
 * {@code ca_file}), and whether it names the host.
 */
public final class TlsProbeKind implements ProbeKind {

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'tls' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            Endpoint endpoint = Endpoint.parse(options, what, 443);
            return new TlsProbe(endpoint, endpoint.host(), trust(null, options, what), null);
        }
        Fields f = Fields.of(options, what, "address", "server_name", "ca_file", "client_cert", "client_key");
        Endpoint endpoint = Endpoint.parse(f.required("address"), "'address' of " + what, 443);
        Node caFile = f.node("ca_file").orElse(null);
        return new TlsProbe(endpoint, f.string("server_name").orElse(endpoint.host()),
                trust(caFile == null ? null : f.requiredString("ca_file"), caFile, what), HttpProbeKind.clientIdentity(f, what));
    }

    /** The JVM's default trust, or the certificates of a PEM file. */
    private static X509TrustManager trust(String caFile, Node at, String what) throws ConfigException {
        try {
            KeyStore store = null;
            if (caFile != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(Path.of(caFile))) {
                    int n = 0;
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + n++, certificate);
                    }
                    if (n == 0) {
                        throw new ConfigException(at.location(), "'ca_file' of " + what + " holds no PEM certificate: " + caFile);
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager in this JVM");
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(at.location(), "'ca_file' of " + what + " cannot be read: " + e.getMessage());
        }
    }
}
