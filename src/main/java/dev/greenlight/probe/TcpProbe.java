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

/** Opens a TCP connection and closes it: proves something listens. {@code [CONNECTED]} is the answer. */
final class TcpProbe implements Probe {

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
            Connector.closeQuietly(socket);
            long end = System.nanoTime();
            Timings timings = new Timings(Duration.ofNanos(dnsEnd - start), Duration.ofNanos(end - dnsEnd), null, null,
                    Duration.ofNanos(end - start));
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
}
