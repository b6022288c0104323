package dev.greenlight.probe;

import dev.greenlight.config.Durations;
import dev.greenlight.probe.wire.TlsSession;
import dev.greenlight.probe.wire.Connector;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.HttpWire;
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
 * events, each within its deadline: a ws:// one on the shared I/O loop ({@link LoopProbe}), the others on a thread. A missing event fails with its name, how long was waited and what
 * did arrive; a rejected handshake with its HTTP status; a close with its code and what the code means.
 */
final class WebSocketProbe implements LoopProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT_FRAMES_CHARS = 64 * 1024;

    private final HttpTransport transport;
    private final WebSocketSpec spec;
    private final boolean onLoop;

    WebSocketProbe(HttpTransport transport, WebSocketSpec spec) {
        this.transport = transport;
        this.spec = spec;
        this.onLoop = WebSocketWire.onLoop(transport, spec.url(), spec.proxy());
    }

    @Override
    public java.util.Optional<String> secretInTheClear(boolean bearer, java.util.function.Predicate<String> secret) {
        return InTheClear.request(spec.url(), spec.headers(), InTheClear.bearer(bearer), secret);
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
    public boolean onLoop() {
        return onLoop;
    }

    @Override
    public Begun begin(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        Duration timeout = spec.checkTimeout(context.timeout());
        Watch watch = new Watch(timeout, context.bearer());
        return new Begun(startedAt, start, watch, WebSocketWire.begin(spec.url(), headers(context), start + timeout.toNanos(),
                context, spec.maxMessage(), watch));
    }

    @Override
    public boolean finishesQuickly(Begun begun) {
        return begun.done().isDone(); // its events are all heard on the loop: finishing reads them
    }

    @Override
    public Observation finish(Begun begun, ProbeContext context, Clock clock) {
        Watch watch = (Watch) begun.state;
        Outcome outcome;
        try {
            outcome = (Outcome) begun.done().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (!(e.getCause() instanceof HttpWire.StageFailure failure)) {
                throw e.getCause() instanceof RuntimeException bug ? bug : e;
            }
            if (!watch.opened) {
                return openFailed(begun.startedAt, begun.start, failure.io(), context);
            }
            outcome = failure.io() instanceof EOFException ? watch.dropped(context) : watch.broken(failure.io(), context);
        }
        return observation(begun.startedAt, begun.start, watch, outcome, null); // ws:// on the loop: no TLS
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        Duration timeout = spec.checkTimeout(context.timeout());
        WebSocketWire ws;
        try {
            ws = WebSocketWire.open(transport, spec.url(), headers(context), start + timeout.toNanos(), context, spec.maxMessage(),
                    spec.proxy(), spec.tls());
        } catch (IOException e) {
            return openFailed(startedAt, start, e, context);
        }
        TlsSession tls = ws.tls(); // read while the connection is open
        Watch watch = new Watch(timeout, context.bearer());
        Outcome outcome;
        try (ws) {
            for (String message : watch.opened()) {
                ws.sendText(message);
            }
            outcome = await(ws, watch, context);
        } catch (IOException e) {
            outcome = new Outcome(context.cancelled() ? FailureSignature.CANCELLED : FailureSignature.CONNECTION_RESET,
                    "could not send the message: " + e.getMessage(), 0, 0);
        }
        return observation(startedAt, start, watch, outcome, tls);
    }

    /** The spec's headers, with the check's bearer token unless they carry an Authorization of their own. */
    private Map<String, String> headers(ProbeContext context) {
        Map<String, String> headers = new LinkedHashMap<>(spec.headers());
        if (context.bearer() != null && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            headers.put("Authorization", "Bearer " + context.bearer());
        }
        return headers;
    }

    /** No WebSocket: refused, unreachable, not answered, or the upgrade rejected. */
    private Observation openFailed(Instant startedAt, long start, IOException e, ProbeContext context) {
        if (e instanceof WebSocketWire.Rejected rejected) {
            return rejected(startedAt, start, rejected.status());
        }
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

    private Observation observation(Instant startedAt, long start, Watch watch, Outcome outcome, TlsSession tls) {
        long end = System.nanoTime();
        Timings timings = new Timings(null, Duration.ofNanos(watch.connectedAt - start), null, null, Duration.ofNanos(end - start));
        Events events = watch.events;
        return new Observation(target(), startedAt, outcome.signature == FailureSignature.NONE, outcome.signature,
                outcome.detail, timings, 101, Map.of(), events.frames.toString(), true, tls, List.copyOf(events.names),
                outcome.lastEventNanos == 0 ? null : Duration.ofNanos(outcome.lastEventNanos - outcome.sentAt));
    }

    /** Reads frames until every expected event arrived, one is late, or the socket closes. */
    private static Outcome await(WebSocketWire ws, Watch watch, ProbeContext context) {
        while (true) {
            Outcome settled = watch.settled();
            if (settled != null) {
                return settled;
            }
            try {
                WebSocketWire.Frame frame = ws.next(watch.due());
                if (frame.isClose()) {
                    return watch.closed(frame.closeCode(), frame.closeReason());
                }
                for (String reply : watch.message(frame.text())) {
                    ws.sendText(reply);
                }
            } catch (SocketTimeoutException late) {
                // settled() reports the late event
            } catch (EOFException dropped) {
                return watch.dropped(context);
            } catch (IOException e) {
                return watch.broken(e, context);
            }
        }
    }

    /** One attempt's events: what arrived, what is still awaited and until when. Both clients tell it what they read. */
    private final class Watch implements WebSocketWire.Listener<Outcome> {
        private final Duration timeout;
        private final Events events = new Events();
        /** Socket.IO's request for the namespace, sent first; null: not a Socket.IO endpoint. */
        private final String socketIoConnect;
        private boolean socketIoConnected;
        private String socketIoEnded;
        private long sentAt;
        private long connectedAt;
        private volatile boolean opened;

        Watch(Duration timeout, String bearer) {
            this.timeout = timeout;
            this.socketIoConnect = SocketIo.isEndpoint(spec.url()) ? SocketIo.connect(spec.namespace(), bearer) : null;
        }

        @Override
        public List<String> opened() {
            connectedAt = System.nanoTime();
            sentAt = connectedAt;
            opened = true;
            return socketIoConnect != null ? List.of(socketIoConnect) : spec.send(); // Socket.IO: the messages once let in
        }

        @Override
        public List<String> message(String text) {
            if (socketIoConnect == null) {
                events.add(text);
                return List.of();
            }
            SocketIo.Packet packet = SocketIo.read(text);
            switch (packet.kind()) {
                case PING:
                    return List.of("3");
                case OPEN, IGNORED:
                    return List.of();
                case CLOSE:
                    socketIoEnded = "the server closed the Engine.IO session";
                    return List.of();
                case DISCONNECTED:
                    socketIoEnded = "the server disconnected the client from namespace " + packet.namespace();
                    events.add(packet.name(), text);
                    return List.of();
                case CONNECTED:
                    events.add(packet.name(), text);
                    socketIoConnected = true;
                    sentAt = System.nanoTime();
                    return spec.send();
                default: // an event, an ack, a refusal (connect_error, an error event)
                    events.add(packet.name(), text);
                    return List.of();
            }
        }

        @Override
        public Outcome settled() {
            Match match = events.match();
            int error = events.unexpectedError();
            if (error >= 0) {
                return errorEvent(error, match);
            }
            if (socketIoEnded != null) {
                return new Outcome(FailureSignature.WS_CLOSED, socketIoEnded + before(match) + " (waited " + waited()
                        + "); received: " + events.names, match.lastAt, sentAt);
            }
            if (match.missing == null && socketIoConnect != null && !socketIoConnected) {
                return System.nanoTime() < sentAt + timeout.toNanos() ? null : new Outcome(FailureSignature.EVENT_MISSING,
                        "the Socket.IO server did not let the client into namespace " + namespace() + " within "
                                + timeout.toSeconds() + "s (no CONNECT packet; waited " + waited() + "); received: "
                                + events.names, match.lastAt, sentAt);
            }
            if (match.missing == null && holding()) {
                return null;
            }
            if (match.missing == null) {
                return new Outcome(FailureSignature.NONE, spec.expect().isEmpty()
                        ? "connected" + (socketIoConnect == null ? "" : " to Socket.IO namespace " + namespace()) + "; stayed open "
                        + Durations.format(spec.stayOpen()) + (events.names.isEmpty() ? "" : ", received " + events.names)
                        : spec.expect().size() + (spec.expect().size() == 1 ? " event" : " events") + " received in order " + events.names,
                        match.lastAt, sentAt);
            }
            if (System.nanoTime() >= due(match)) {
                return new Outcome(FailureSignature.EVENT_MISSING, "'" + match.missing.label() + "' not received within "
                        + spec.within(match.missing, timeout).toSeconds() + "s (waited " + waited() + "); received: "
                        + events.names, match.lastAt, sentAt);
            }
            return null;
        }

        /** An event that says the server failed; Socket.IO's refusal of the connection said as such. */
        private Outcome errorEvent(int error, Match match) {
            String name = events.names.get(error);
            String raw = events.raws.get(error);
            if (socketIoConnect != null && name.equals("connect_error")) {
                String why = SocketIo.refusal(raw);
                boolean auth = why.toLowerCase(java.util.Locale.ROOT).matches(".*(auth|token|jwt|forbidden|denied|credential).*");
                return new Outcome(auth ? FailureSignature.AUTH_FAILED : FailureSignature.WS_ERROR_EVENT, "the Socket.IO server "
                        + "refused the client namespace " + namespace() + " (connect_error: " + firstChars(why) + ")"
                        + (auth ? ": its middleware turned the credentials away" : "") + "; the WebSocket itself was accepted",
                        match.lastAt, sentAt);
            }
            return new Outcome(FailureSignature.WS_ERROR_EVENT, "the server sent '" + name + "': "
                    + firstChars(raw) + before(match) + " (waited " + waited() + "); received: "
                    + events.names, match.lastAt, sentAt);
        }

        private String namespace() {
            return "'" + (spec.namespace() == null ? "/" : spec.namespace()) + "'";
        }

        @Override
        public long due() {
            return due(events.match());
        }

        private long due(Match match) {
            if (match.missing == null && socketIoConnect != null && !socketIoConnected) {
                return sentAt + timeout.toNanos();
            }
            return match.missing == null ? (holding() ? sentAt + spec.stayOpen().toNanos() : System.nanoTime())
                    : sentAt + spec.within(match.missing, timeout).toNanos();
        }

        /** Within the time a connection that awaits no event must stay open (zero when events are awaited). */
        private boolean holding() {
            return System.nanoTime() - sentAt < spec.stayOpen().toNanos();
        }

        @Override
        public Outcome closed(int code, String reason) {
            Match match = events.match();
            return new Outcome(FailureSignature.WS_CLOSED, WebSocketProbe.closed(code, reason) + before(match) + " (waited "
                    + waited() + "); received: " + events.names, match.lastAt, sentAt);
        }

        /** The connection dropped without a close frame. */
        Outcome dropped(ProbeContext context) {
            Match match = events.match();
            return new Outcome(context.cancelled() ? FailureSignature.CANCELLED : FailureSignature.WS_CLOSED,
                    WebSocketProbe.closed(1006, null) + before(match) + " (waited " + waited()
                    + "); received: " + events.names, match.lastAt, sentAt);
        }

        /** The server broke the protocol (or the probe was stopped). */
        Outcome broken(IOException e, ProbeContext context) {
            Match match = events.match();
            return new Outcome(context.cancelled() ? FailureSignature.CANCELLED : FailureSignature.PROTOCOL_ERROR,
                    e.getMessage() + before(match) + "; received: " + events.names, match.lastAt, sentAt);
        }

        /** " before 'agent_completed'", or, awaiting no event, " within the 500ms it must stay open". */
        private String before(Match match) {
            return match.missing != null ? " before '" + match.missing.label() + "'"
                    : " within the " + Durations.format(spec.stayOpen()) + " it must stay open after the upgrade (a server that "
                    + "accepts and then closes: often its own auth check, or an upstream that is not there)";
        }

        private String waited() {
            return String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - sentAt) / 1e9);
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
    private static String firstChars(String frame) {
        return frame.length() > 200 ? frame.substring(0, 200) + "..." : frame;
    }

    /** The name of an event that says the server failed. */
    private static final java.util.regex.Pattern ERROR_EVENT = java.util.regex.Pattern.compile(
            "(?i)(error|exception|failure|.*[_.:-](error|exception|failed|failure))");

    private final class Events {
        private final List<String> names = new ArrayList<>();
        private final List<String> raws = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();
        private final StringBuilder frames = new StringBuilder();
        private int firstError = -1;

        void add(String text) {
            add(eventName(text), text);
        }

        void add(String name, String text) {
            if (spec.ignore().contains(name)) {
                return;
            }
            names.add(name);
            raws.add(text);
            if (firstError < 0 && ERROR_EVENT.matcher(name).matches()
                    && spec.expect().stream().noneMatch(e -> e.matches(name, text))) {
                firstError = names.size() - 1;
            }
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

        /**
         * The first event that says the server failed ({@code error}, {@code agent_error}, {@code tool_failed}) and that
         * the check does not expect, or -1: such a stream is not going to deliver, and a check awaiting no event
         * must not pass on it. Noted as each event arrives.
         */
        int unexpectedError() {
            return firstError;
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
