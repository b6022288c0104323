package dev.greenlight.probe.wire;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS context that accepts any certificate: for {@code insecure: true}, and for the tls probe, which
 * completes the handshake to see the certificate and judges it afterwards.
 */
public final class TrustAll implements X509TrustManager {

    private TrustAll() {
    }

    static X509TrustManager manager() {
        return new TrustAll();
    }

    static SSLContext context() {
        return context(null);
    }

    /** Any chain accepted; the client certificate of {@code identity} presented when asked (null for none). */
    public static SSLContext context(ClientIdentity identity) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(identity == null ? null : identity.keyManagers(), new TrustManager[] {new TrustAll()}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
