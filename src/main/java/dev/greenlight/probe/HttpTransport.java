package dev.greenlight.probe;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;

/**
 * The HTTP client shared by every HTTP probe of a run. Each probe gets a fresh connection (no pool
 * reuse), so connect and TLS timings are real for every attempt, as in blackbox_exporter; redirects
 * and retries are Greenlight's own decisions, never the client's.
 */
public final class HttpTransport {

    private final OkHttpClient base;

    public HttpTransport() {
        this.base = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    OkHttpClient client(Duration timeout, boolean insecure, EventListener listener) {
        OkHttpClient.Builder builder = base.newBuilder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .eventListener(listener);
        if (insecure) {
            TrustAll trustAll = new TrustAll();
            builder.sslSocketFactory(trustAll.context().getSocketFactory(), trustAll).hostnameVerifier((h, s) -> true);
        }
        return builder.build();
    }

    /** Shuts the client's threads down so the JVM can exit at once. */
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }

    /** For {@code insecure: true}: the user asked not to verify the server's certificate. */
    private static final class TrustAll implements X509TrustManager {
        SSLContext context() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {this}, new SecureRandom());
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
}
