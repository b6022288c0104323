package dev.greenlight.probe;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What every HTTP probe of a run shares: the TLS socket factories, made once (loading the trust store
 * is the costly part). The verified one is the JVM's default; the other is for {@code insecure: true}.
 */
public final class HttpTransport {

    private final SSLSocketFactory verified;
    private volatile SSLSocketFactory trustAll;

    public HttpTransport() {
        this.verified = (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    SSLSocketFactory tls(boolean insecure) {
        if (!insecure) {
            return verified;
        }
        SSLSocketFactory factory = trustAll;
        if (factory == null) {
            factory = trustAllFactory();
            trustAll = factory;
        }
        return factory;
    }

    /** The user asked not to verify the server's certificate ({@code insecure: true}). */
    private static SSLSocketFactory trustAllFactory() {
        X509TrustManager trustAll = new X509TrustManager() {
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
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }
}
