package dev.greenlight.probe;


import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.TlsOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Speaks RESP: {@code AUTH} when a password is given, then {@code PING} and, in the same write, a read of a key no
 * one uses ({@code EXISTS}). {@code +PONG} answered by a Redis is a live Redis; {@code -NOAUTH} also proves a live
 * Redis (one that wants a password) and is reported as such; {@code -WRONGPASS} is refused credentials. A proxy in
 * front of Redis (twemproxy, Envoy's redis proxy) answers PING itself whatever the servers behind it do: the read is
 * what it must pass on, so a PONG whose read comes back as the proxy's own error is {@code UPSTREAM_FAILED}. The
 * PING's round trip is {@code [LATENCY]}.
 */
final class RedisProbe implements Probe {

    private final Endpoint endpoint;
    private final String username;
    private final String password;
    private final TlsOptions tls;
    private final HttpTransport transport;
    private final boolean writable;

    /** {@code tls}: null for the clear; {@code writable}: a replica answering is {@code READ_ONLY}. */
    RedisProbe(Endpoint endpoint, String username, String password, TlsOptions tls, HttpTransport transport, boolean writable) {
        this.endpoint = endpoint;
        this.username = username;
        this.password = password;
        this.tls = tls;
        this.transport = transport;
        this.writable = writable;
    }

    @Override
    public java.util.Optional<String> secretInTheClear(boolean bearer, java.util.function.Predicate<String> secret) {
        if (password == null || tls != null || InTheClear.loopback(endpoint.host())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("its AUTH password goes unencrypted to " + endpoint + " (tls: true encrypts it)");
    }

    @Override
    public String target() {
        return (tls == null ? "redis " : "rediss ") + endpoint;
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        return SocketExchange.run(target(), endpoint, context, clock, (plain, exchange) -> {
            java.net.Socket socket = tls == null ? plain
                    : transport.handshake(plain, endpoint.host(), endpoint.port(), tls, exchange.deadline(), List.of());
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 512);
            if (password != null) {
                String reply = command(out, in, username == null ? List.of("AUTH", password) : List.of("AUTH", username, password));
                if (!reply.startsWith("+OK")) {
                    return reply.startsWith("-") ? exchange.answered(new Answer(FailureSignature.AUTH_FAILED,
                            "Redis refused the credentials: " + reply), exchange.timings(null, 0), null)
                            : exchange.notThe("Redis", reply, exchange.timings(null, 0));
                }
            }
            long pingAt = System.nanoTime();
            send(out, List.of(List.of("PING"), List.of("EXISTS", UNUSED_KEY)));
            String reply = readLine(in);
            Duration latency = Duration.ofNanos(System.nanoTime() - pingAt);
            Answer answer = reply.startsWith("+PONG") ? afterPong(readLine(in), latency) : instead(reply);
            if (answer != null && answer.signature() == FailureSignature.NONE && reply.startsWith("+PONG")) {
                answer = withRole(answer, out, in);
            }
            return answer == null ? exchange.notThe("Redis", reply, exchange.timings(null, 0))
                    : exchange.answered(answer, exchange.timings(null, 0), latency);
        });
    }

    /**
     * A live Redis's answer, with what {@code ROLE} says of it: a replica takes no writes (after a failover, an address
     * still pointing at the old master passed while the application's writes failed with READONLY): said, and
     * {@code READ_ONLY} with {@code writable: true}; a Sentinel serves no data at all. A server that cannot be asked
     * (ROLE renamed or not allowed to the user) is left as it was, unless the check asks for writes.
     */
    private Answer withRole(Answer answer, OutputStream out, InputStream in) {
        String role = null; // ROLE's reply: an array whose first element, a bulk string, is the role
        try {
            if (command(out, in, List.of("ROLE")).startsWith("*") && readLine(in).startsWith("$")) {
                role = readLine(in);
            }
        } catch (IOException e) {
            // not asked: as a server that does not answer ROLE
        }
        if (role == null) {
            return writable ? new Answer(FailureSignature.QUERY_FAILED, answer.detail() + ", but whether it takes writes "
                    + "could not be asked (ROLE; the check has writable: true)") : answer;
        }
        return switch (role) {
            case "sentinel" -> new Answer(FailureSignature.PROTOCOL_ERROR, "a Redis Sentinel answered, not a Redis that "
                    + "serves data: point the check at the master the Sentinel names (SENTINEL get-master-addr-by-name)");
            case "slave", "replica" -> writable
                    ? new Answer(FailureSignature.READ_ONLY, answer.detail() + ", but the server takes no writes: a replica "
                            + "(ROLE) (the check has writable: true)")
                    : Answer.pass(answer.detail() + "; the server takes no writes: a replica (ROLE)");
            default -> answer;
        };
    }

    /** PONG, and the answer to the read of a key no one uses that came with it. */
    private static Answer afterPong(String read, Duration latency) {
        if (notServing(read)) {
            return new Answer(FailureSignature.QUERY_FAILED, "PONG, but Redis does not serve reads: " + read);
        }
        if (read.startsWith(":") || answeredByRedis(read)) {
            return Answer.pass("PONG in " + latency.toMillis() + " ms");
        }
        return new Answer(FailureSignature.UPSTREAM_FAILED, "PONG, but a read of a key was answered '" + read + "': a proxy "
                + "in front of Redis (twemproxy, Envoy) answers PING itself, and the Redis behind it did not answer");
    }

    /** What an answer to PING other than PONG says; null when it is not Redis's. */
    private static Answer instead(String reply) {
        if (reply.startsWith("-ERR max number of clients")) {
            return new Answer(FailureSignature.TOO_MANY_CONNECTIONS, "Redis refuses new connections: " + reply);
        }
        if (reply.startsWith("-NOAUTH")) {
            return Answer.pass("a live Redis that requires authentication (NOAUTH); give 'password' to check a login");
        }
        if (notServing(reply)) {
            return new Answer(FailureSignature.QUERY_FAILED, "Redis is not serving: " + reply);
        }
        return null;
    }

    /** A Redis that runs and does not serve: loading its data, busy with a script, its master or cluster down. */
    private static boolean notServing(String reply) {
        return reply.startsWith("-LOADING") || reply.startsWith("-BUSY") || reply.startsWith("-MASTERDOWN")
                || reply.startsWith("-CLUSTERDOWN") || reply.startsWith("-TRYAGAIN");
    }

    /**
     * Errors only a Redis server gives to a read of one key (a proxy's own errors are none of these), and that still
     * say it serves: it wants a login, the user may not read, a cluster node points to another, or it does not know the
     * command (a Sentinel, a renamed command).
     */
    private static boolean answeredByRedis(String reply) {
        for (String prefix : REDIS_ERRORS) {
            if (reply.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> REDIS_ERRORS = List.of("-NOAUTH", "-NOPERM", "-WRONGPASS", "-MOVED ", "-ASK ",
            "-ERR unknown command");

    /** A key no application uses: reading it changes nothing and tells a Redis from a proxy answering for one. */
    private static final String UNUSED_KEY = "greenlight:probe";

    /** Sends one command as a RESP array and reads the first line of the reply. */
    private static String command(OutputStream out, InputStream in, List<String> words) throws IOException {
        send(out, List.of(words));
        return readLine(in);
    }

    /** Sends the commands as RESP arrays in one write. */
    private static void send(OutputStream out, List<List<String>> commands) throws IOException {
        StringBuilder request = new StringBuilder();
        for (List<String> words : commands) {
            request.append('*').append(words.size()).append("\r\n");
            for (String word : words) {
                byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
            }
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The first line of a reply. */
    private static String readLine(InputStream in) throws IOException {
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
