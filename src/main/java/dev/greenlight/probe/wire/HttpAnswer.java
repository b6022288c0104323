package dev.greenlight.probe.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer as read off the wire: status, headers (lower-case names, first value of each),
 * the body up to the cap, whether the body went past the cap, and what the TLS handshake agreed and showed (null: plain).
 */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body, boolean tooLarge, TlsSession tls) {

    public HttpAnswer {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    HttpAnswer withTls(TlsSession session) {
        return session == null ? this : new HttpAnswer(status, headers, body, tooLarge, session);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
