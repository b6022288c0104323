package dev.greenlight.probe.wire;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer as read off the wire: status, headers (lower-case names, first value of each),
 * the body up to the cap, whether the body went past the cap, and the server certificate's time left.
 */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body, boolean tooLarge, Duration certificateExpiry) {

    public HttpAnswer {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    HttpAnswer withCertificateExpiry(Duration expiry) {
        return expiry == null ? this : new HttpAnswer(status, headers, body, tooLarge, expiry);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
