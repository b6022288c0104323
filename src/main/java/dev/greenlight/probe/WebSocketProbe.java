package dev.greenlight.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        Stream stream = new Stream();
        WebSocket socket;
        try {
            WebSocket.Builder builder = transport.webSockets().newWebSocketBuilder().connectTimeout(timeout);
            spec.headers().forEach(builder::header);
            if (context.bearer() != null && spec.headers().keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
                builder.header("Authorization", "Bearer " + context.bearer());
            }
            var pending = builder.buildAsync(spec.url(), stream);
            context.onCancel(() -> pending.cancel(true));
            socket = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return handshakeFailed(startedAt, start, e.getCause(), context);
        } catch (TimeoutException e) {
            return failed(startedAt, start, FailureSignature.READ_TIMEOUT,
                    "the WebSocket handshake did not complete in " + timeout.toMillis() + " ms: " + spec.url());
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
            return failed(startedAt, start, FailureSignature.CANCELLED, FailureSignature.CANCELLED.meaning());
        }
        long connected = System.nanoTime();
        context.onCancel(socket::abort);
        try {
            for (String message : spec.send()) {
                socket.sendText(message, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            socket.abort();
            return failed(startedAt, start, FailureSignature.CONNECTION_RESET, "could not send the message: " + e);
        }
        long sentAt = System.nanoTime();
        Outcome outcome = stream.await(sentAt, timeout, context);
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "greenlight done");
        }
        socket.abort();
        long end = System.nanoTime();
        Timings timings = new Timings(null, Duration.ofNanos(connected - start), null, null, Duration.ofNanos(end - start));
        List<String> names = stream.names();
        return new Observation(target(), startedAt, outcome.signature == FailureSignature.NONE, outcome.signature,
                outcome.detail, timings, 101, Map.of(), stream.frames(), true, null, names,
                outcome.lastEventNanos == 0 ? null : Duration.ofNanos(outcome.lastEventNanos - sentAt));
    }

    private Observation handshakeFailed(Instant startedAt, long start, Throwable cause, ProbeContext context) {
        if (context.cancelled()) {
            return failed(startedAt, start, FailureSignature.CANCELLED, FailureSignature.CANCELLED.meaning());
        }
        if (cause instanceof WebSocketHandshakeException rejected) {
            int status = rejected.getResponse().statusCode();
            String meaning = switch (status) {
                case 401, 403 -> "credentials refused (configuration: token, auth source)";
                case 404 -> "no WebSocket at this path (configuration: url, routing)";
                case 502, 503, 504 -> "the backend or its load balancer is not serving (look at the backend's health)";
                default -> "the server refused the upgrade";
            };
            Observation o = failed(startedAt, start, FailureSignature.WS_HANDSHAKE_REJECTED,
                    "handshake rejected with HTTP " + status + ": " + meaning + " (" + spec.url() + ")");
            return new Observation(o.target(), o.startedAt(), false, o.signature(), o.detail(), o.timings(), status,
                    Map.of(), null, true, null);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return failed(startedAt, start, FailureSignature.CONNECT_TIMEOUT, FailureSignature.CONNECT_TIMEOUT.meaning()
                    + ": " + spec.url());
        }
        IOException io = cause instanceof IOException e ? e : new IOException(cause);
        FailureSignature signature = NetworkErrors.classify(io, false);
        return failed(startedAt, start, signature, signature.meaning() + ": " + spec.url() + " (" + cause + ")");
    }

    private Observation failed(Instant startedAt, long start, FailureSignature signature, String detail) {
        return Observation.failed(target(), startedAt, signature, detail, Timings.total(Duration.ofNanos(System.nanoTime() - start)));
    }

    /** What the wait for events came to. */
    private record Outcome(FailureSignature signature, String detail, long lastEventNanos) {
    }

    /** Receives frames on the client's threads; the probe's thread waits on it. */
    private final class Stream implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final List<String> names = new ArrayList<>();
        private final List<String> raws = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();
        private final StringBuilder frames = new StringBuilder();
        private Integer closeCode;
        private String closeReason;
        private Throwable error;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frame(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public synchronized CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason;
            notifyAll();
            return null;
        }

        @Override
        public synchronized void onError(WebSocket webSocket, Throwable e) {
            error = e;
            notifyAll();
        }

        private synchronized void frame(String text) {
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
            notifyAll();
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

        synchronized List<String> names() {
            return List.copyOf(names);
        }

        synchronized String frames() {
            return frames.toString();
        }

        /** Waits until every expected event arrived, one is late, the socket closed, or the probe was stopped. */
        synchronized Outcome await(long sentAt, Duration timeout, ProbeContext context) {
            while (true) {
                Match match = match();
                if (match.missing == null) {
                    return new Outcome(FailureSignature.NONE, spec.expect().size() + " events received in order "
                            + names, match.lastAt);
                }
                long due = sentAt + spec.within(match.missing, timeout).toNanos();
                long now = System.nanoTime();
                String waited = String.format(java.util.Locale.ROOT, "%.1fs", (now - sentAt) / 1e9);
                if (context.cancelled()) {
                    return new Outcome(FailureSignature.CANCELLED, FailureSignature.CANCELLED.meaning(), match.lastAt);
                }
                if (closeCode != null || error != null) {
                    return new Outcome(FailureSignature.WS_CLOSED, closed() + " before '" + match.missing.label()
                            + "' (waited " + waited + "); received: " + names, match.lastAt);
                }
                if (now >= due) {
                    return new Outcome(FailureSignature.EVENT_MISSING, "'" + match.missing.label() + "' not received within "
                            + spec.within(match.missing, timeout).toSeconds() + "s (waited " + waited + "); received: "
                            + names, match.lastAt);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(due - now, 50_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Outcome(FailureSignature.CANCELLED, "interrupted", match.lastAt);
                }
            }
        }

        private String closed() {
            int code = closeCode != null ? closeCode : 1006;
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
            String reason = closeReason == null || closeReason.isEmpty() ? "" : ", reason '" + closeReason + "'";
            return "closed with " + code + " (" + meaning + reason + ")";
        }

        /** The first expected event not yet matched, and when the last matched one came. */
        private Match match() {
            List<EventExpectation> expect = spec.expect();
            boolean[] done = new boolean[expect.size()];
            int next = 0;
            long lastAt = 0;
            for (int i = 0; i < names.size(); i++) {
                for (int k = spec.inOrder() ? next : 0; k < (spec.inOrder() ? Math.min(next + 1, expect.size()) : expect.size()); k++) {
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

    private record Match(EventExpectation missing, long lastAt) {
    }
}
