package dev.greenlight.probe;

import dev.greenlight.probe.wire.Connector;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.WebSocketWire;
import dev.greenlight.probe.wire.ProxyTunnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a WebSocket (with the check's bearer token), sends the messages, and waits for the expected
 * events, each within its deadline. A missing event fails with its name, how long was waited and what
 * did arrive; a rejected handshake with its HTTP status; a close with its code and what the code means.
 */
final class WebSocketProbe implements Probe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT_FRAMES_CHARS = 64 * 1024;

    private final HttpTransport transport;
    private final WebSocketSpec spec;

    WebSocketProbe(HttpTransport transport, WebSocketSpec spec) {
        this.transport = transport;
        this.spec = spec;
    }

    @Override
    public String target() {
        return "websocket " + spec.url();
    }

    @Override
    public Duration deadline(Duration timeout) {
        return spec.deadline(timeout);
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        Duration timeout = spec.checkTimeout(context.timeout());
        Map<String, String> headers = new LinkedHashMap<>(spec.headers());
        if (context.bearer() != null && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            headers.put("Authorization", "Bearer " + context.bearer());
        }
        WebSocketWire ws;
        try {
            ws = WebSocketWire.open(transport, spec.url(), headers, start + timeout.toNanos(), context, spec.maxMessage(),
                    spec.proxy(), spec.insecure(), spec.clientIdentity());
        } catch (WebSocketWire.Rejected rejected) {
            return rejected(startedAt, start, rejected.status());
        } catch (IOException e) {
            FailureSignature signature = context.cancelled() ? FailureSignature.CANCELLED : NetworkErrors.classify(e, false);
            if (signature == FailureSignature.CONNECT_TIMEOUT && e instanceof SocketTimeoutException && Connector.tried(e).isEmpty()
                    && !String.valueOf(e.getMessage()).toLowerCase().contains("connect")) {
                signature = FailureSignature.READ_TIMEOUT; // connected, the upgrade was not answered
            }
            String why = signature == FailureSignature.PROTOCOL_ERROR || e instanceof ProxyTunnel.ProxyException
                    ? " (" + e.getMessage() + ")"
                    : Connector.tried(e).map(t -> " (" + t + ")").orElse("");
            return failed(startedAt, start, signature, signature.meaning() + ": " + spec.url() + why);
        }
        long connected = System.nanoTime();
        Events events = new Events();
        Outcome outcome;
        try (ws) {
            for (String message : spec.send()) {
                ws.sendText(message);
            }
            outcome = await(ws, events, System.nanoTime(), timeout, context);
        } catch (IOException e) {
            outcome = new Outcome(context.cancelled() ? FailureSignature.CANCELLED : FailureSignature.CONNECTION_RESET,
                    "could not send the message: " + e.getMessage(), 0, 0);
        }
        long end = System.nanoTime();
        Timings timings = new Timings(null, Duration.ofNanos(connected - start), null, null, Duration.ofNanos(end - start));
        return new Observation(target(), startedAt, outcome.signature == FailureSignature.NONE, outcome.signature,
                outcome.detail, timings, 101, Map.of(), events.frames.toString(), true, null, List.copyOf(events.names),
                outcome.lastEventNanos == 0 ? null : Duration.ofNanos(outcome.lastEventNanos - outcome.sentAt));
    }

    /** Reads frames until every expected event arrived, one is late, or the socket closes. */
    private Outcome await(WebSocketWire ws, Events events, long sentAt, Duration timeout, ProbeContext context) {
        while (true) {
            Match match = events.match();
            if (match.missing == null) {
                return new Outcome(FailureSignature.NONE, spec.expect().size() + " events received in order " + events.names,
                        match.lastAt, sentAt);
            }
            long due = sentAt + spec.within(match.missing, timeout).toNanos();
            String waited = String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - sentAt) / 1e9);
            if (System.nanoTime() >= due) {
                return new Outcome(FailureSignature.EVENT_MISSING, "'" + match.missing.label() + "' not received within "
                        + spec.within(match.missing, timeout).toSeconds() + "s (waited " + waited + "); received: "
                        + events.names, match.lastAt, sentAt);
            }
            try {
                WebSocketWire.Frame frame = ws.next(due);
                if (frame.isClose()) {
                    return new Outcome(FailureSignature.WS_CLOSED, closed(frame.closeCode(), frame.closeReason()) + " before '"
                            + match.missing.label() + "' (waited " + waited + "); received: " + events.names, match.lastAt, sentAt);
                }
                events.add(frame.text());
            } catch (SocketTimeoutException late) {
                // the loop reports the late event
            } catch (EOFException dropped) {
                return new Outcome(context.cancelled() ? FailureSignature.CANCELLED : FailureSignature.WS_CLOSED,
                        closed(1006, null) + " before '" + match.missing.label() + "' (waited " + waited + "); received: "
                        + events.names, match.lastAt, sentAt);
            } catch (IOException e) {
                return new Outcome(context.cancelled() ? FailureSignature.CANCELLED : FailureSignature.PROTOCOL_ERROR,
                        e.getMessage() + " before '" + match.missing.label() + "'; received: " + events.names, match.lastAt,
                        sentAt);
            }
        }
    }

    private Observation rejected(Instant startedAt, long start, int status) {
        String meaning = switch (status) {
            case 401, 403 -> "credentials refused (configuration: token, auth source)";
            case 404 -> "no WebSocket at this path (configuration: url, routing)";
            case 502, 503, 504 -> "the backend or its load balancer is not serving (look at the backend's health)";
            default -> "the server refused the upgrade";
        };
        return new Observation(target(), startedAt, false, FailureSignature.WS_HANDSHAKE_REJECTED,
                "handshake rejected with HTTP " + status + ": " + meaning + " (" + spec.url() + ")",
                Timings.total(Duration.ofNanos(System.nanoTime() - start)), status, Map.of(), null, true, null);
    }

    private Observation failed(Instant startedAt, long start, FailureSignature signature, String detail) {
        return Observation.failed(target(), startedAt, signature, detail, Timings.total(Duration.ofNanos(System.nanoTime() - start)));
    }

    private static String closed(int code, String reason) {
        String meaning = switch (code) {
            case 1000 -> "normal closure";
            case 1001 -> "going away (server shutting down or navigating)";
            case 1006 -> "abnormal closure: the connection dropped without a close frame";
            case 1008 -> "policy violation (often auth)";
            case 1011 -> "server error: the server hit an unexpected condition";
            case 1012 -> "service restart";
            case 1013 -> "try again later (server overloaded)";
            default -> "code " + code;
        };
        return "closed with " + code + " (" + meaning + (reason == null || reason.isEmpty() ? "" : ", reason '" + reason + "'") + ")";
    }

    private record Outcome(FailureSignature signature, String detail, long lastEventNanos, long sentAt) {
    }

    private record Match(EventExpectation missing, long lastAt) {
    }

    /** The frames received so far, as event names, in order. */
    private final class Events {
        private final List<String> names = new ArrayList<>();
        private final List<String> raws = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();
        private final StringBuilder frames = new StringBuilder();

        void add(String text) {
            String name = eventName(text);
            if (spec.ignore().contains(name)) {
                return;
            }
            names.add(name);
            raws.add(text);
            times.add(System.nanoTime());
            if (frames.length() < KEPT_FRAMES_CHARS) {
                frames.append(text).append('\n');
            }
        }

        private String eventName(String text) {
            try {
                JsonNode field = JSON.readTree(text).get(spec.matchField());
                if (field != null && field.isValueNode()) {
                    return field.asText();
                }
            } catch (IOException | RuntimeException e) {
                // not JSON: the raw frame stands for itself
            }
            return text.length() > 60 ? text.substring(0, 60) + "..." : text;
        }

        /** The first expected event not matched yet (in order, or in any order), and when the last match came. */
        Match match() {
            List<EventExpectation> expect = spec.expect();
            boolean[] done = new boolean[expect.size()];
            int next = 0;
            long lastAt = 0;
            for (int i = 0; i < names.size(); i++) {
                int from = spec.inOrder() ? next : 0;
                int to = spec.inOrder() ? Math.min(next + 1, expect.size()) : expect.size();
                for (int k = from; k < to; k++) {
                    if (!done[k] && expect.get(k).matches(names.get(i), raws.get(i))) {
                        done[k] = true;
                        next = k + 1;
                        lastAt = times.get(i);
                        break;
                    }
                }
            }
            for (int k = 0; k < expect.size(); k++) {
                if (!done[k]) {
                    return new Match(expect.get(k), lastAt);
                }
            }
            return new Match(null, lastAt);
        }
    }
}
