package dev.greenlight.probe;

import dev.greenlight.probe.wire.ProxyChoice;
import dev.greenlight.probe.wire.TlsOptions;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a WebSocket probe connects to, sends, and expects back.
 *
 * @param stayOpen how long a connection that awaits no event must stay open after the upgrade (and the messages sent):
 *                 a server that accepts and then closes (an auth check after the handshake, an upstream that is not
 *                 there) has not served the connection
 * @param namespace the Socket.IO namespace the client asks for ({@link SocketIo}); null for the main one, "/"
 */
record WebSocketSpec(URI url, Map<String, String> headers, List<String> send, List<EventExpectation> expect,
                     String matchField, boolean inOrder, List<String> ignore, long maxMessage, ProxyChoice proxy,
                     TlsOptions tls, Duration stayOpen, String namespace) {

    /** The largest message (and so frame) read, unless {@code max_message} says otherwise. */
    static final long DEFAULT_MAX_MESSAGE = 1024 * 1024;
    /** Servers that refuse a connection after its upgrade close it within milliseconds. */
    static final Duration DEFAULT_STAY_OPEN = Duration.ofMillis(500);

    WebSocketSpec {
        proxy = proxy == null ? ProxyChoice.ENVIRONMENT : proxy;
        tls = tls == null ? TlsOptions.VERIFIED : tls;
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        send = List.copyOf(send);
        expect = List.copyOf(expect);
        ignore = List.copyOf(ignore);
        stayOpen = expect.isEmpty() ? stayOpen : Duration.ZERO; // awaited events prove the connection is served
    }


    /** The deadline of an event: its own {@code within}, else the check's timeout. */
    Duration within(EventExpectation e, Duration timeout) {
        return e.within() != null ? e.within() : timeout;
    }

    /** The check's own timeout, given the attempt deadline that {@link #deadline} made of it. */
    Duration checkTimeout(Duration attemptDeadline) {
        Duration longestWithin = expect.stream().map(EventExpectation::within).filter(java.util.Objects::nonNull)
                .max(Duration::compareTo).orElse(stayOpen.isZero() ? null : stayOpen);
        return longestWithin == null || attemptDeadline.compareTo(longestWithin) <= 0 ? attemptDeadline
                : attemptDeadline.minus(longestWithin);
    }

    /** How long the probe may need: the check's timeout, or more when an event's {@code within} asks for it. */
    Duration deadline(Duration timeout) {
        // the handshake and the send under the timeout, then the longest wait
        return expect.stream().map(EventExpectation::within).filter(java.util.Objects::nonNull)
                .max(Duration::compareTo).map(timeout::plus).orElse(timeout.plus(stayOpen));
    }
}
