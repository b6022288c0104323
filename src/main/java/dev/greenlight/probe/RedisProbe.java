package dev.greenlight.probe;

import dev.greenlight.probe.wire.Connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Speaks RESP: {@code AUTH} when a password is given, then {@code PING}. {@code +PONG} is a live Redis;
 * {@code -NOAUTH} also proves a live Redis (one that wants a password) and is reported as such;
 * {@code -WRONGPASS} is refused credentials. The PING's round trip is {@code [LATENCY]}.
 */
final class RedisProbe implements Probe {

    private final Endpoint endpoint;
    private final String username;
    private final String password;

    RedisProbe(Endpoint endpoint, String username, String password) {
        this.endpoint = endpoint;
        this.username = username;
        this.password = password;
    }

    @Override
    public String target() {
        return "redis " + endpoint;
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        boolean connected = false;
        try (Socket socket = Connector.open(endpoint.host(), endpoint.port(), context.timeout(), start, context)) {
            connected = true;
            long connectedAt = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null) {
                String reply = command(out, in, username == null ? List.of("AUTH", password) : List.of("AUTH", username, password));
                if (!reply.startsWith("+OK")) {
                    return reply.startsWith("-") ? answered(startedAt, start, connectedAt, FailureSignature.AUTH_FAILED,
                            "Redis refused the credentials: " + reply, null) : notRedis(startedAt, start, connectedAt, reply);
                }
            }
            long pingAt = System.nanoTime();
            String reply = command(out, in, List.of("PING"));
            Duration latency = Duration.ofNanos(System.nanoTime() - pingAt);
            if (reply.startsWith("+PONG")) {
                return answered(startedAt, start, connectedAt, FailureSignature.NONE, "PONG in " + latency.toMillis() + " ms", latency);
            }
            if (reply.startsWith("-NOAUTH")) {
                return answered(startedAt, start, connectedAt, FailureSignature.NONE,
                        "a live Redis that requires authentication (NOAUTH); give 'password' to check a login", latency);
            }
            if (reply.startsWith("-LOADING") || reply.startsWith("-BUSY") || reply.startsWith("-MASTERDOWN")) {
                return answered(startedAt, start, connectedAt, FailureSignature.QUERY_FAILED, "Redis is not serving: " + reply,
                        latency);
            }
            return notRedis(startedAt, start, connectedAt, reply);
        } catch (IOException e) {
            FailureSignature signature = context.cancelled() ? FailureSignature.CANCELLED : NetworkErrors.classify(e, connected);
            return Observation.failed(target(), startedAt, signature, signature.meaning() + ": " + endpoint,
                    Timings.total(Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    private Observation notRedis(Instant startedAt, long start, long connectedAt, String reply) {
        return answered(startedAt, start, connectedAt, FailureSignature.PROTOCOL_ERROR,
                "something answers on " + endpoint + " but not as Redis: " + Protocols.describe(reply), null);
    }

    private Observation answered(Instant startedAt, long start, long connectedAt, FailureSignature signature, String detail,
                                 Duration latency) {
        long end = System.nanoTime();
        return new Observation(target(), startedAt, signature == FailureSignature.NONE, signature, detail,
                new Timings(null, Duration.ofNanos(connectedAt - start), null, null, Duration.ofNanos(end - start)), null,
                Map.of(), null, true, null, List.of(), latency);
    }

    /** Sends one command as a RESP array and reads the first line of the reply. */
    private static String command(OutputStream out, InputStream in, List<String> words) throws IOException {
        StringBuilder request = new StringBuilder("*").append(words.size()).append("\r\n");
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r' && line.length() < 512) {
                line.append((char) b);
            }
        }
        if (line.isEmpty()) {
            throw new java.io.EOFException("the server closed the connection without answering");
        }
        return line.toString();
    }
}
