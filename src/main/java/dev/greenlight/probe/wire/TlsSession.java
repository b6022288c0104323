package dev.greenlight.probe.wire;

import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * What a completed TLS handshake agreed and showed, for evidence and conditions: the protocol version and cipher suite,
 * and the server certificate's subject, issuer and time left ({@code [CERTIFICATE_EXPIRATION]}).
 */
public record TlsSession(String protocol, String cipher, String subject, String issuer, Duration certificateExpiry) {

    /** The session of {@code wire} once its handshake completed; null for a plain socket. */
    public static TlsSession of(Socket wire) {
        if (!(wire instanceof SSLSocket ssl)) {
            return null;
        }
        var session = ssl.getSession();
        X509Certificate leaf = null;
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                leaf = x509;
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate seen: the facts of the session only
        }
        return of(session.getProtocol(), session.getCipherSuite(), leaf, Instant.now());
    }

    public static TlsSession of(String protocol, String cipher, X509Certificate leaf, Instant now) {
        return new TlsSession(protocol, cipher, leaf == null ? null : leaf.getSubjectX500Principal().getName(),
                leaf == null ? null : leaf.getIssuerX500Principal().getName(),
                leaf == null ? null : Duration.between(now, leaf.getNotAfter().toInstant()));
    }
}
