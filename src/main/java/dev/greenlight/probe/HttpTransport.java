package dev.greenlight.probe;

import javax.net.ssl.SSLSocketFactory;

/**
 * What every HTTP probe of a run shares: the TLS socket factories, made once (loading the trust store
 * is the costly part). The verified one is the JVM's default; the other is for {@code insecure: true}.
 */
public final class HttpTransport {

    private final SSLSocketFactory verified;
    private final Proxies proxies;
    private volatile SSLSocketFactory trustAll;

    /** No proxy from the environment: every target is reached directly unless a check names its proxy. */
    public HttpTransport() {
        this(Proxies.NONE);
    }

    /**
     * With the proxies of {@code environment} (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, as curl reads them).
     *
     * @throws IllegalArgumentException naming the variable whose value is not a proxy URL
     */
    public static HttpTransport withProxiesOf(java.util.Map<String, String> environment) {
        return new HttpTransport(Proxies.from(environment));
    }

    private HttpTransport(Proxies proxies) {
        this.verified = (SSLSocketFactory) SSLSocketFactory.getDefault();
        this.proxies = proxies;
    }

    Proxies proxies() {
        return proxies;
    }

    private final java.util.Map<java.util.List<Object>, SSLSocketFactory> withIdentity = new java.util.concurrent.ConcurrentHashMap<>();

    /** With a client certificate for mutual TLS: one factory per identity and trust choice, made once. */
    SSLSocketFactory tls(boolean insecure, ClientIdentity identity) {
        if (identity == null) {
            return tls(insecure);
        }
        return withIdentity.computeIfAbsent(java.util.List.of(identity, insecure), k -> {
            try {
                javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
                context.init(identity.keyManagers(), insecure ? new javax.net.ssl.TrustManager[] {TrustAll.manager()} : null, null);
                return context.getSocketFactory();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("TLS is not available in this JVM", e);
            }
        });
    }

    SSLSocketFactory tls(boolean insecure) {
        if (!insecure) {
            return verified;
        }
        SSLSocketFactory factory = trustAll;
        if (factory == null) {
            factory = TrustAll.context().getSocketFactory();
            trustAll = factory;
        }
        return factory;
    }

    /**
     * Probes ask the resolver every time instead of trusting the JVM's DNS cache (30 s for answers, 10 s for
     * failures), so a blue/green flip is seen by the next probe. Main calls this before anything resolves a name.
     */
    public static void askResolverEveryTime() {
        Connector.disableJvmDnsCache();
    }
}
