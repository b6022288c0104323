package dev.greenlight.probe;

import dev.greenlight.probe.wire.Connector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Opens a TCP connection, keeps it a moment and closes it: proves something listens and keeps the connection.
 * {@code [CONNECTED]} is the answer. What accepts and closes at once without a word is not a listener: a proxy with
 * nothing behind it (docker-proxy for a container whose process does not listen, a load balancer or port forward with
 * no backend) accepts every connection and drops it when it cannot reach its backend.
 */
final class TcpProbe implements Probe {

    /** How long an accepted connection must stay open (or the server speak first): proxies drop theirs within milliseconds. */
    static final Duration HOLD = Duration.ofMillis(100);

    private final String host;
    private final int port;

    TcpProbe(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public String target() {
        return "tcp " + host + ":" + port;
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        long dnsEnd = 0;
        long deadline = start + context.timeout().toNanos();
        try {
            InetAddress[] addresses = Connector.resolve(host, deadline);
            dnsEnd = System.nanoTime();
            Socket socket = Connector.connect(addresses, port, deadline, context);
            InetAddress address = socket.getInetAddress();
            long end = System.nanoTime(); // the connect's time: the hold after it is not the target's latency
            String dropped = droppedAtOnce(socket, Math.min(HOLD.toNanos(), deadline - end));
            Connector.closeQuietly(socket);
            Timings timings = new Timings(Duration.ofNanos(dnsEnd - start), Duration.ofNanos(end - dnsEnd), null, null,
                    Duration.ofNanos(end - start));
            if (dropped != null) {
                return new Observation(target(), startedAt, false, context.cancelled() ? FailureSignature.CANCELLED
                        : FailureSignature.CONNECTION_RESET, "accepted by " + address.getHostAddress() + ":" + port + ", then "
                        + dropped + " within " + HOLD.toMillis() + " ms without a word: what accepted (docker-proxy, a load "
                        + "balancer, a port forward) has nothing listening behind it", timings, null, Map.of(), null, true, null);
            }
            return new Observation(target(), startedAt, true, FailureSignature.NONE,
                    "connected to " + address.getHostAddress() + ":" + port, timings, null, Map.of(), null, true, null);
        } catch (IOException e) {
            FailureSignature signature = context.cancelled() ? FailureSignature.CANCELLED
                    : NetworkErrors.classify(e, false);
            String detail = e instanceof UnknownHostException ? signature.meaning() + ": " + host
                    : signature.meaning() + ": " + host + ":" + port + Connector.tried(e).map(t -> " (" + t + ")").orElse("");
            Timings timings = new Timings(dnsEnd == 0 ? null : Duration.ofNanos(dnsEnd - start), null, null, null,
                    Duration.ofNanos(System.nanoTime() - start));
            return Observation.failed(target(), startedAt, signature, detail, timings);
        }
    }

    /** "closed" or "reset" when the peer drops the connection within {@code nanos} before sending anything; else null. */
    private static String droppedAtOnce(Socket socket, long nanos) {
        if (nanos <= 0) {
            return null;
        }
        try {
            socket.setSoTimeout((int) Math.max(1, nanos / 1_000_000));
            return socket.getInputStream().read() == -1 ? "closed" : null; // a byte: a server that speaks first (SSH, SMTP)
        } catch (java.net.SocketTimeoutException stayedOpen) {
            return null;
        } catch (IOException e) {
            return "reset";
        }
    }
}
