package dev.greenlight.probe.wire;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an HTTP probe sends and how far it follows and reads. */
public record HttpSpec(URI url, String method, Map<String, String> headers, String body, boolean followRedirects,
                int maxRedirects, long maxBody, TlsOptions tls, ProxyChoice proxy, boolean compressed) {

    public HttpSpec {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        proxy = proxy == null ? ProxyChoice.ENVIRONMENT : proxy;
        tls = tls == null ? TlsOptions.VERIFIED : tls;
    }

    /** The environment's proxies decide. */
    public HttpSpec(URI url, String method, Map<String, String> headers, String body, boolean followRedirects, int maxRedirects,
             long maxBody, boolean insecure) {
        this(url, method, headers, body, followRedirects, maxRedirects, maxBody, TlsOptions.insecure(insecure), ProxyChoice.ENVIRONMENT,
                false);
    }
}
