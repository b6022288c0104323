package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.TlsOptions;
import dev.greenlight.probe.wire.TlsSession;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * Without a login: a startup message, as {@code pg_isready} sends ({@link PostgresStartup}): a server that asks for a
 * password or turns the probe's user away runs; one starting up, recovering, shutting down or full says so; a
 * connection pooler answering in the server's place is told apart. With a login: logs in through the JDBC driver and
 * runs the query; refused, timeout, bad credentials, missing database and too many connections each have their own
 * signature. With {@code tls: true} either goes over TLS or not at all: the startup after an SSLRequest, the login
 * through {@link PostgresTls}.
 */
final class PostgresProbe implements Probe {

    /** SSLRequest: length 8, then the code PostgreSQL answers with 'S' (TLS next) or 'N' (the clear only). */
    private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

    private final Endpoint endpoint;
    private final DatabaseLogin login;
    /** {@code tls: true}: the check's TLS options (null: the clear, or the login's driver default). */
    private final TlsOptions tlsOptions;
    private final HttpTransport transport;
    /** The login's TLS ({@link PostgresTls#register}); null: the driver's own, preferred and unverified, as psql does. */
    private final String tls;

    PostgresProbe(Endpoint endpoint, DatabaseLogin login, TlsOptions tlsOptions, HttpTransport transport) {
        this.endpoint = endpoint;
        this.login = login;
        this.tlsOptions = tlsOptions;
        this.transport = transport;
        this.tls = tlsOptions == null || login == null ? null : PostgresTls.register(tlsOptions, transport);
    }

    @Override
    public java.util.Optional<String> secretInTheClear(boolean bearer, java.util.function.Predicate<String> secret) {
        if (login == null || login.password() == null || tlsOptions != null || InTheClear.loopback(endpoint.host())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("its login's password goes to " + endpoint + " over TLS only if the server offers it, and"
                + " to whichever server answers: no certificate is checked (tls: true requires TLS and checks the certificate)");
    }

    @Override
    public String target() {
        return "postgres " + endpoint + (login == null ? "" : "/" + login.database());
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        return login == null ? handshake(context, clock) : query(context, clock);
    }

    private Observation handshake(ProbeContext context, Clock clock) {
        return SocketExchange.run(target(), endpoint, context, clock, (socket, exchange) -> {
            Socket wire = socket;
            Duration handshake = null;
            if (tlsOptions != null) {
                Observation refused = askForTls(socket, exchange);
                if (refused != null) {
                    return refused;
                }
                long tlsStart = System.nanoTime();
                wire = transport.handshake(socket, endpoint.host(), endpoint.port(), tlsOptions, exchange.deadline(),
                        java.util.List.of());
                handshake = Duration.ofNanos(System.nanoTime() - tlsStart);
            }
            OutputStream out = wire.getOutputStream();
            PostgresStartup.send(out);
            DataInputStream in = new DataInputStream(new BufferedInputStream(wire.getInputStream(), 1024));
            int type = in.read();
            long answeredAt = System.nanoTime();
            Timings timings = exchange.timings(handshake, answeredAt);
            if (type < 0) {
                return exchange.closedWithoutAnswer(timings);
            }
            Answer answer = PostgresStartup.answer(type, in, out);
            Observation said = answer == null ? exchange.notThe("PostgreSQL", firstBytes(type, in), timings)
                    : exchange.answered(answer, timings, exchange.sinceConnected(answeredAt));
            return tlsOptions == null ? said : said.withTls(TlsSession.of(wire));
        });
    }

    /**
     * Asks the server for TLS (SSLRequest, as a client with {@code sslmode=require} does first): null when it agrees
     * ('S', and nothing after it), else the observation of its refusal or of a port that does not speak PostgreSQL.
     */
    private Observation askForTls(Socket socket, SocketExchange exchange) throws IOException {
        socket.getOutputStream().write(SSL_REQUEST);
        socket.getOutputStream().flush();
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1024));
        int answer = in.read();
        Timings timings = exchange.timings(null, System.nanoTime());
        if (answer < 0) {
            return exchange.closedWithoutAnswer(timings);
        }
        if (answer == 'S' && in.available() == 0) {
            return null; // a server that sends more than 'S' of its own accord ("SSH-2.0-...") is not answering the request
        }
        if (answer == 'N') {
            return exchange.failed(FailureSignature.TLS_FAILURE, "PostgreSQL answers on " + endpoint + " but takes no TLS "
                    + "connections (it refused the SSLRequest), and the check has tls: true", timings);
        }
        return answer == 'E' ? exchange.failed(FailureSignature.PROTOCOL_ERROR, "the server at " + endpoint + " refused the "
                + "SSLRequest with an error: a PostgreSQL older than 7.0, or not PostgreSQL", timings)
                : exchange.notThe("PostgreSQL", firstBytes(answer, in), timings);
    }

    /** The first byte and whatever came with it (one read), as text for {@link Protocols}. */
    private static String firstBytes(int first, DataInputStream in) {
        byte[] more = new byte[64];
        int n = 0;
        try {
            n = Math.max(0, in.read(more));
        } catch (IOException e) {
            // the first byte is enough to go on
        }
        return (char) first + new String(more, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private Observation query(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        int seconds = (int) Math.max(1, (context.timeout().toMillis() + 999) / 1000);
        Properties properties = new Properties();
        properties.setProperty("user", login.user());
        properties.setProperty("password", login.password());
        properties.setProperty("connectTimeout", String.valueOf(seconds));
        properties.setProperty("socketTimeout", String.valueOf(seconds));
        // the connect and each read time out on their own first, which says which of them did (a login timeout says
        // neither): the login's is only a bound on the whole
        properties.setProperty("loginTimeout", String.valueOf(seconds + 1));
        if (tls != null) {
            PostgresTls.into(properties, tls);
        } else {
            properties.setProperty("sslmode", "prefer");
        }
        properties.setProperty("ApplicationName", "greenlight");
        String url = "jdbc:postgresql://" + endpoint + "/" + login.database();
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            TlsSession session = tls == null ? null : PostgresTls.takeSession(tls);
            Observation answered = LoginQuery.run(target(), startedAt, start, System.nanoTime(), login, connection, seconds,
                    LoginQuery::postgres);
            return session == null ? answered : answered.withTls(session);
        } catch (SQLException e) {
            if (tls != null) {
                PostgresTls.takeSession(tls); // a refused login's socket is no evidence
            }
            Observation failure = sqlFailure(startedAt, start, context, e);
            if (failure.signature() == FailureSignature.CONNECTION_RESET
                    || failure.signature() == FailureSignature.QUERY_FAILED && e.getSQLState() == null) {
                // the driver's words for a server that is not PostgreSQL: ask the port what it speaks
                Observation sniff = handshake(context, clock);
                if (sniff.signature() == FailureSignature.PROTOCOL_ERROR) {
                    return sniff;
                }
            }
            return failure;
        }
    }

    private Observation sqlFailure(Instant startedAt, long start, ProbeContext context, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Timings timings = Timings.total(Duration.ofNanos(System.nanoTime() - start));
        if (PostgresStartup.serverBehindFailed(e.getMessage())) {
            return new Observation(target(), startedAt, false, FailureSignature.UPSTREAM_FAILED, "a connection pooler "
                    + "answered for the server behind it: " + LoginQuery.firstLine(e.getMessage()) + " (SQLSTATE " + state
                    + "): the server does not take the pooler's connections", timings, null, Map.of(), null, true, null);
        }
        if (e.getCause() == null && String.valueOf(e.getMessage()).startsWith("Connection attempt timed out")) {
            // the driver's bound on the whole login: its connect times out sooner, so it had connected
            return new Observation(target(), startedAt, false, FailureSignature.READ_TIMEOUT, FailureSignature.READ_TIMEOUT
                    .meaning() + " (the login): " + endpoint, timings, null, Map.of(), null, true, null);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io && (state.startsWith("08") || state.isEmpty())) {
                return failed(startedAt, start, context, io, NetworkErrors.afterConnect(io));
            }
        }
        FailureSignature signature = switch (state) {
            case "28P01", "28000" -> FailureSignature.AUTH_FAILED;
            case "3D000" -> FailureSignature.DATABASE_MISSING;
            case "53300" -> FailureSignature.TOO_MANY_CONNECTIONS;
            case "57P01", "57P02", "57P03" -> FailureSignature.NOT_ACCEPTING;
            default -> state.startsWith("08") ? FailureSignature.CONNECTION_RESET : FailureSignature.QUERY_FAILED;
        };
        boolean reachedServer = signature != FailureSignature.CONNECTION_RESET;
        String detail = signature.meaning() + " (SQLSTATE " + state + "): " + LoginQuery.firstLine(e.getMessage());
        return new Observation(target(), startedAt, false, signature, detail, timings, null, Map.of(), null, reachedServer,
                null);
    }

    private Observation failed(Instant startedAt, long start, ProbeContext context, IOException e, boolean connected) {
        return NetworkErrors.observation(target(), startedAt, start, context, e, connected, endpoint);
    }
}
