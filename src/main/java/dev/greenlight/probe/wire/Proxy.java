package dev.greenlight.probe.wire;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * An HTTP proxy: where it listens and, when its URL carries a user and password, the Basic credentials it is sent
 * ({@code Proxy-Authorization}). Described by host and port only: its credentials never appear in any output.
 */
record Proxy(String host, int port, String authorization) {

    /** {@code http://[user:password@]host[:port]}; the port defaults to 80 (curl's 1080 is for SOCKS, not here). */
    static Proxy parse(String url) {
        String text = url.contains("://") ? url : "http://" + url;
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a proxy URL: " + e.getMessage());
        }
        if (!"http".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the proxy must be an http:// URL (an HTTP proxy; TLS to the proxy and SOCKS are "
                    + "not supported), got scheme '" + uri.getScheme() + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the proxy URL has no host");
        }
        String authorization = null;
        if (uri.getRawUserInfo() != null) {
            String credentials = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new Proxy(host, uri.getPort() > 0 ? uri.getPort() : 80, authorization);
    }

    /** "proxy 127.0.0.1:3128": never the credentials. */
    String describe() {
        return "proxy " + Connector.hostHeader(host, port, -1);
    }

    @Override
    public String toString() {
        return describe();
    }
}
