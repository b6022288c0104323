package dev.greenlight.probe;

import dev.greenlight.probe.wire.Connector;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One socket probe's exchange with its endpoint (postgres, redis, mysql, grpc, tls): its clock started, a connection
 * opened through the {@link Connector} under the check's deadline, and a connect or a conversation that failed said
 * one way. A probe gives only its conversation, and builds its observation with the times kept here.
 */
final class SocketExchange {

    /** What a probe says and reads over the open connection. */
    @FunctionalInterface
    interface Conversation {
        Observation over(Socket socket, SocketExchange exchange) throws IOException;
    }

    /** What a failed connect or conversation is; by default what the exception says ({@link NetworkErrors}). */
    @FunctionalInterface
    interface Failure {
        Observation of(SocketExchange exchange, IOException e, boolean connected);
    }

    private final String target;
    private final Endpoint endpoint;
    private final ProbeContext context;
    private final Instant startedAt;
    private final long start = System.nanoTime();
    private long connectedAt;

    private SocketExchange(String target, Endpoint endpoint, ProbeContext context, Clock clock) {
        this.target = target;
        this.endpoint = endpoint;
        this.context = context;
        this.startedAt = clock.instant();
    }

    static Observation run(String target, Endpoint endpoint, ProbeContext context, Clock clock, Conversation conversation) {
        return run(target, endpoint, context, clock, conversation, (exchange, e, connected) -> NetworkErrors.observation(target,
                exchange.startedAt, exchange.start, context, e, connected, endpoint));
    }

    static Observation run(String target, Endpoint endpoint, ProbeContext context, Clock clock, Conversation conversation,
                           Failure failure) {
        SocketExchange exchange = new SocketExchange(target, endpoint, context, clock);
        boolean connected = false;
        try (Socket socket = Connector.open(endpoint.host(), endpoint.port(), context.timeout(), exchange.start, context)) {
            connected = true;
            exchange.connectedAt = System.nanoTime();
            return conversation.over(socket, exchange);
        } catch (IOException e) {
            return failure.of(exchange, e, connected);
        }
    }

    Instant startedAt() {
        return startedAt;
    }

    /** When the exchange began (System.nanoTime): the check's deadline counts from it. */
    long start() {
        return start;
    }

    long deadline() {
        return start + context.timeout().toNanos();
    }

    /** The time from the connection's opening to {@code nanoTime}: how long the target took to answer. */
    Duration sinceConnected(long nanoTime) {
        return Duration.ofNanos(nanoTime - connectedAt);
    }

    /** The stages so far: the connect, a TLS handshake (or null), the first byte at {@code firstByteAt} (or 0), until now. */
    Timings timings(Duration tls, long firstByteAt) {
        long now = System.nanoTime();
        return new Timings(null, Duration.ofNanos(connectedAt - start), tls,
                firstByteAt == 0 ? null : Duration.ofNanos(firstByteAt - start), Duration.ofNanos(now - start));
    }

    /** The target answered and the probe judged it; {@code latency} is how long the answer took. */
    Observation answered(Answer answer, Timings timings, Duration latency) {
        return new Observation(target, startedAt, answer.passed(), answer.signature(), answer.detail(), timings, null, Map.of(),
                null, true, null, List.of(), latency);
    }

    Observation failed(FailureSignature signature, String detail, Timings timings) {
        return Observation.failed(target, startedAt, signature, detail, timings);
    }

    /** Something answered on the port in another protocol: what it sent, as {@link Protocols} names it. */
    Observation notThe(String protocol, String firstBytes, Timings timings) {
        return failed(FailureSignature.PROTOCOL_ERROR, "something answers on " + endpoint + " but not as " + protocol + ": "
                + Protocols.describe(firstBytes), timings);
    }

    Observation closedWithoutAnswer(Timings timings) {
        return Observation.closedWithoutAnswer(target, startedAt, endpoint, timings);
    }
}
