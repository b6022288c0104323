package dev.greenlight.probe.wire;

import javax.net.ssl.SSLSocketFactory;

/**
 * What every HTTP probe of a run shares: the TLS socket factories, made once and only when a check needs one (loading
 * the trust store takes about 80 ms of a cold start, which a plan of plain-HTTP checks never pays): one per distinct
 * {@link TlsOptions}.
 */
public final class HttpTransport {

    private final Proxies proxies;
    /** Whether plain-HTTP and ws:// exchanges (no proxy) wait on the shared {@link IoLoop} rather than a thread each. */
    private final boolean loop;

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
        this(proxies, !"off".equals(System.getProperty("greenlight.io_loop")));
    }

    private HttpTransport(Proxies proxies, boolean loop) {
        this.proxies = proxies;
        this.loop = loop;
    }

    /**
     * This transport with every exchange on a thread of its own, as before the loop ({@code -Dgreenlight.io_loop=off}
     * does the same): the conformance suites run both ways.
     */
    public HttpTransport threadPerExchange() {
        return new HttpTransport(proxies, false);
    }

    /** Whether a connection to {@code url} goes on the {@link IoLoop}: the loop is on, the scheme is the plain one, no proxy. */
    boolean onLoop(java.net.URI url, String plainScheme, ProxyChoice proxy) {
        return loop && plainScheme.equalsIgnoreCase(url.getScheme()) && url.getHost() != null
                && proxy.forTarget(url, proxies).isEmpty();
    }

    /** How much of an answer to one of Greenlight's own messages is read. */
    private static final long MAX_ANSWER_BYTES = 64 * 1024;

    /**
     * POSTs {@code body} to {@code url} through this transport (its proxies from the environment, CONNECT for https,
     * TLS verified as the JVM trusts): how Greenlight's own messages (alert webhooks, the on_no_go webhook) leave a CI
     * runner that reaches the outside through a proxy, as its probes do. No redirect is followed.
     *
     * @throws HttpWire.StageFailure saying where it failed (connect, TLS, wait...) and why
     */
    public HttpAnswer post(java.net.URI url, java.util.Map<String, String> headers, String body, java.time.Duration timeout)
            throws HttpWire.StageFailure {
        HttpSpec spec = new HttpSpec(url, "POST", headers, body, false, 0, MAX_ANSWER_BYTES, false);
        long start = System.nanoTime();
        return new HttpWire(this).exchange(spec, url, "POST", true, start + timeout.toNanos(), Cancellation.NEVER, null,
                new HttpWire.Stamps(start), true);
    }

    Proxies proxies() {
        return proxies;
    }

    private final java.util.Map<TlsOptions, SSLSocketFactory> factories = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The socket factory of a check's TLS options, made once per run for equal options: the JVM's default one for
     * verified TLS with its trust store and no client certificate, else a context of the trust ({@code insecure}: any
     * certificate; a {@code ca_file}: its CAs) and the client certificate asked for.
     */
    public SSLSocketFactory tls(TlsOptions options) {
        if (options.equals(TlsOptions.VERIFIED)) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault(); // made on first use, then kept by the JVM
        }
        return factories.computeIfAbsent(options, HttpTransport::factory);
    }

    private static SSLSocketFactory factory(TlsOptions options) {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(options.keyManagers(), options.trustManagers(), null);
            return context.getSocketFactory();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    /**
     * TLS over an open connection to {@code host}: SNI and (unless {@code insecure}) the host name checked against
     * the certificate, the handshake bounded by the deadline.
     */
    javax.net.ssl.SSLSocket handshake(java.net.Socket plain, String host, int port, TlsOptions options, long deadline)
            throws java.io.IOException {
        return handshake(plain, host, port, options, deadline, java.util.List.of());
    }

    /** The same, offering {@code protocols} by ALPN ({@code h2} for gRPC); the one agreed is the socket's. */
    public javax.net.ssl.SSLSocket handshake(java.net.Socket plain, String host, int port, TlsOptions options, long deadline,
                                             java.util.List<String> protocols) throws java.io.IOException {
        javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tls(options).createSocket(plain, host, port, true);
        javax.net.ssl.SSLParameters parameters = ssl.getSSLParameters();
        if (!options.insecure()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!protocols.isEmpty()) {
            parameters.setApplicationProtocols(protocols.toArray(String[]::new));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(Connector.remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    /**
     * Probes ask the resolver every time instead of trusting the JVM's DNS cache (30 s for answers, 10 s for
     * failures), so a blue/green flip is seen by the next probe. A command calls this before anything resolves a name (cli.Warmup).
     */
    public static void askResolverEveryTime() {
        Connector.disableJvmDnsCache();
    }
}
