package dev.greenlight.probe;

import javax.net.ssl.SSLSocketFactory;

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
