package dev.greenlight.probe;

import dev.greenlight.probe.wire.TlsSession;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one probe attempt saw. A probe never throws because a target is down: it returns an
 * Observation whose {@code signature} says what failed, with the evidence it gathered.
 * Fields that a protocol does not produce are null (a TCP probe has no status or body).
 *
 * @param reached      the protocol exchange completed (an HTTP answer of any status counts)
 * @param detail       one line, for people: "connect to 127.0.0.1:9 refused"
 * @param status       HTTP status, when there was an answer
 * @param headers      a few headers of the answer (lower-case names)
 * @param body         the answer's body, capped
 * @param tls        what the TLS handshake agreed and showed (version, cipher, the certificate), for TLS targets
 * @param events     the event names received, in order (WebSocket streams), for {@code [EVENTS]}
 * @param latency    what the protocol measures as its own latency (a query, a PING), for {@code [LATENCY]}
 * @param passedOver what the connections passed over among their names' addresses ("connected to ::1 after 127.0.0.1
 *                   (refused)"): a client that tries one address at a time fails or waits there
 */
public record Observation(String target, Instant startedAt, boolean reached, FailureSignature signature, String detail,
                          Timings timings, Integer status, Map<String, String> headers, String body,
                          Boolean connected, TlsSession tls, java.util.List<String> events,
                          Duration latency, java.util.List<String> passedOver) {

    public Observation(String target, Instant startedAt, boolean reached, FailureSignature signature, String detail,
                       Timings timings, Integer status, Map<String, String> headers, String body, Boolean connected,
                       TlsSession tls, java.util.List<String> events, Duration latency) {
        this(target, startedAt, reached, signature, detail, timings, status, headers, body, connected, tls, events, latency,
                java.util.List.of());
    }

    public Observation(String target, Instant startedAt, boolean reached, FailureSignature signature, String detail,
                       Timings timings, Integer status, Map<String, String> headers, String body, Boolean connected,
                       TlsSession tls) {
        this(target, startedAt, reached, signature, detail, timings, status, headers, body, connected, tls,
                java.util.List.of(), null);
    }

    /** Time left on the server certificate ({@code [CERTIFICATE_EXPIRATION]}); null when no certificate was seen. */
    public Duration certificateExpiry() {
        return tls == null ? null : tls.certificateExpiry();
    }

    public Observation {
        events = events == null ? java.util.List.of() : java.util.List.copyOf(events);
        passedOver = passedOver == null ? java.util.List.of() : java.util.List.copyOf(passedOver);
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (signature == null) {
            throw new IllegalArgumentException("an observation needs a signature (NONE when it succeeded)");
        }
    }

    /** The same observation said with {@code newDetail}. */
    public Observation withDetail(String newDetail) {
        return new Observation(target, startedAt, reached, signature, newDetail, timings, status, headers, body, connected,
                tls, events, latency, passedOver);
    }

    /** The same observation, made over a TLS connection with this {@code session} (its certificate's evidence). */
    public Observation withTls(TlsSession session) {
        return new Observation(target, startedAt, reached, signature, detail, timings, status, headers, body, connected,
                session, events, latency, passedOver);
    }

    /** The same observation, its connections having passed over {@code passed} (said in its detail too). */
    public Observation withPassedOver(java.util.List<String> passed) {
        return new Observation(target, startedAt, reached, signature, detail + "; " + String.join("; ", passed), timings, status,
                headers, body, connected, tls, events, latency, passed);
    }

    public Duration elapsed() {
        return timings.total();
    }

    /**
     * A server that speaks a protocol of its own accepted the connection and closed it without a byte: a TCP proxy or
     * load balancer with no server behind it does so.
     */
    static Observation closedWithoutAnswer(String target, Instant startedAt, Endpoint endpoint, Timings timings) {
        return failed(target, startedAt, FailureSignature.CONNECTION_RESET, "accepted the connection and closed it without "
                + "an answer: a TCP proxy or load balancer with no server behind it does so (" + endpoint + ")", timings);
    }

    /** An attempt that failed before any answer: refused, timed out, unresolvable... */
    public static Observation failed(String target, Instant startedAt, FailureSignature signature, String detail,
                                     Timings timings) {
        return new Observation(target, startedAt, false, signature, detail, timings, null, Map.of(), null, false, null);
    }
}
