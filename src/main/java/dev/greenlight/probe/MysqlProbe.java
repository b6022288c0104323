package dev.greenlight.probe;


import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * A MySQL or MariaDB server. With a login, {@link MysqlQuery}. Without, the server speaks first: its greeting says it runs, and an error in its
 * place says it does not take the connection ({@code Too many connections}, a blocked host): a tcp check passes both.
 * The probe then logs in as a user no one has ({@code greenlight}, no password) and is turned away, or asked for a
 * password, and hangs up: a connection given up on before its handshake ends counts against the client host's
 * {@code max_connect_errors}, which would block the host Greenlight runs on after a hundred checks; a refused login
 * does not count. ProxySQL answers for the servers behind it and says so in its errors ({@code POOLER_ANSWERED}).
 */
final class MysqlProbe implements Probe {

    private static final String USER = "greenlight";
    private static final int CLIENT_LONG_PASSWORD = 0x1;
    private static final int CLIENT_PROTOCOL_41 = 0x200;
    private static final int CLIENT_SECURE_CONNECTION = 0x8000;
    private static final int CLIENT_PLUGIN_AUTH = 0x80000;
    private static final int MAX_PACKET = 64 * 1024;

    private final Endpoint endpoint;
    private final DatabaseLogin login;
    private final MysqlQuery.Tls tls;

    /** {@code login}: null for the greeting only. */
    MysqlProbe(Endpoint endpoint, DatabaseLogin login, MysqlQuery.Tls tls) {
        this.endpoint = endpoint;
        this.login = login;
        this.tls = tls;
    }

    @Override
    public String target() {
        return "mysql " + endpoint + (login == null || login.database() == null ? "" : "/" + login.database());
    }

    /** One packet: its sequence id and payload. */
    private record Packet(int sequence, byte[] payload) {
        int first() {
            return payload.length == 0 ? -1 : payload[0] & 0xff;
        }
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        return login == null ? greeting(context, clock)
                : MysqlQuery.run(target(), endpoint, login, tls, context, clock, () -> greeting(context, clock));
    }

    private Observation greeting(ProbeContext context, Clock clock) {
        return SocketExchange.run(target(), endpoint, context, clock, (socket, exchange) -> {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1024));
            in.mark(128); // to show what another protocol sent, should it not be MySQL
            int firstByte = in.read();
            long greetedAt = System.nanoTime();
            Timings timings = exchange.timings(null, greetedAt);
            if (firstByte < 0) {
                return exchange.closedWithoutAnswer(timings);
            }
            Packet greeting = packet(firstByte, in);
            if (greeting == null) {
                in.reset();
                return exchange.notThe("MySQL", firstBytes(in), timings);
            }
            Answer answer = greeting.first() == 0xff ? refusedAtGreeting(error(greeting.payload()))
                    : greeting.first() == 0x0a ? login(greeting, socket.getOutputStream(), in)
                    : new Answer(FailureSignature.PROTOCOL_ERROR, "the greeting is not MySQL's (protocol " + greeting.first() + ")");
            return exchange.answered(answer, exchange.timings(null, greetedAt), exchange.sinceConnected(greetedAt));
        });
    }

    /** An error packet's code, SQLSTATE (when sent) and message. */
    private record ServerError(int code, String state, String message) {
        @Override
        public String toString() {
            return "ERROR " + code + (state.isEmpty() ? "" : " (" + state + ")") + ": " + message;
        }
    }

    /** An error in place of the greeting: the server did not take the connection. */
    private static Answer refusedAtGreeting(ServerError e) {
        return switch (e.code()) {
            case 1040 -> new Answer(FailureSignature.TOO_MANY_CONNECTIONS, "MySQL refuses new connections: " + e);
            case 1130 -> Answer.pass("MySQL runs, and does not let this host in: " + e);
            default -> new Answer(FailureSignature.NOT_ACCEPTING, "MySQL runs but does not take the connection: " + e);
        };
    }

    /** Logs in as a user no one has, without a password, to end the handshake the way the server counts as no error. */
    private Answer login(Packet greeting, OutputStream out, DataInputStream in) throws IOException {
        String version = serverVersion(greeting.payload());
        int serverCapabilities = capabilities(greeting.payload());
        if ((serverCapabilities & CLIENT_PROTOCOL_41) == 0) {
            return Answer.pass(version + " answered its greeting");
        }
        boolean pluginAuth = (serverCapabilities & CLIENT_PLUGIN_AUTH) != 0;
        write(out, greeting.sequence() + 1, handshakeResponse(pluginAuth));
        for (int step = 0; step < 3; step++) {
            int first = in.read();
            if (first < 0) {
                throw new EOFException("the server closed the connection during the login");
            }
            Packet reply = packet(first, in);
            if (reply == null) {
                return new Answer(FailureSignature.PROTOCOL_ERROR, "the answer to the login is not MySQL's");
            }
            switch (reply.first()) {
                case 0x00 -> {
                    write(out, 0, new byte[] {0x01}); // COM_QUIT: the session ends cleanly
                    return Answer.pass(version + " accepts connections (it let the probe in as " + USER
                            + " without a password)");
                }
                case 0xff -> {
                    return refusedLogin(version, error(reply.payload()));
                }
                case 0xfe -> write(out, reply.sequence() + 1, new byte[0]); // another auth method: still no password
                default -> {
                    return Answer.pass(version + " accepts connections (it asks for a password)");
                }
            }
        }
        return Answer.pass(version + " accepts connections (it asks for a password)");
    }

    private static Answer refusedLogin(String version, ServerError e) {
        if (e.message().startsWith("ProxySQL")) {
            return new Answer(FailureSignature.POOLER_ANSWERED, "ProxySQL answered, not the MySQL server, and it answers "
                    + "whether the servers behind it are up or not: point the check at a server (" + e + ")");
        }
        return switch (e.code()) {
            case 1040 -> new Answer(FailureSignature.TOO_MANY_CONNECTIONS, "MySQL refuses new connections: " + e);
            case 1129, 1053 -> new Answer(FailureSignature.NOT_ACCEPTING, "MySQL runs but does not take the connection: " + e);
            default -> Answer.pass(version + " accepts connections (it turned down the probe's own "
                    + "login: " + e + ")");
        };
    }

    private static byte[] handshakeResponse(boolean pluginAuth) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        int capabilities = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | (pluginAuth ? CLIENT_PLUGIN_AUTH : 0);
        writeInt(p, capabilities, 4);
        writeInt(p, 1 << 24, 4); // max packet
        p.write(33); // utf8_general_ci
        p.writeBytes(new byte[23]);
        p.writeBytes(USER.getBytes(StandardCharsets.US_ASCII));
        p.write(0);
        p.write(0); // no password
        if (pluginAuth) {
            p.writeBytes("mysql_native_password".getBytes(StandardCharsets.US_ASCII));
            p.write(0);
        }
        return p.toByteArray();
    }

    /**
     * The server's version from its greeting ("MySQL 8.0.36", "MariaDB 10.11.19"): MariaDB's without the "5.5.5-" it puts
     * in front for old clients and its package suffix.
     */
    private static String serverVersion(byte[] greeting) {
        int end = 1;
        while (end < greeting.length && greeting[end] != 0) {
            end++;
        }
        String version = new String(greeting, 1, end - 1, StandardCharsets.US_ASCII);
        version = version.startsWith("5.5.5-") && version.contains("MariaDB") ? version.substring(6) : version;
        int mariadb = version.indexOf("-MariaDB");
        return mariadb > 0 ? "MariaDB " + version.substring(0, mariadb) : "MySQL " + version;
    }

    /** The capability flags of a v10 greeting: two bytes after the version, connection id and first salt, two later. */
    private static int capabilities(byte[] greeting) {
        int at = 1;
        while (at < greeting.length && greeting[at] != 0) {
            at++;
        }
        at += 1 + 4 + 8 + 1;
        if (at + 2 > greeting.length) {
            return 0;
        }
        int lower = (greeting[at] & 0xff) | (greeting[at + 1] & 0xff) << 8;
        int upperAt = at + 2 + 1 + 2;
        int upper = upperAt + 2 <= greeting.length ? (greeting[upperAt] & 0xff) | (greeting[upperAt + 1] & 0xff) << 8 : 0;
        return lower | upper << 16;
    }

    private static ServerError error(byte[] payload) {
        int code = payload.length >= 3 ? (payload[1] & 0xff) | (payload[2] & 0xff) << 8 : 0;
        int at = 3;
        String state = "";
        if (payload.length >= 9 && payload[3] == '#') {
            state = new String(payload, 4, 5, StandardCharsets.US_ASCII);
            at = 9;
        }
        String message = payload.length > at ? new String(payload, at, payload.length - at, StandardCharsets.UTF_8) : "";
        return new ServerError(code, state, message);
    }

    /** The rest of a packet whose first byte was read; null when the header cannot be MySQL's. */
    private static Packet packet(int firstByte, DataInputStream in) throws IOException {
        int b1 = in.read();
        int b2 = in.read();
        int sequence = in.read();
        if (b1 < 0 || b2 < 0 || sequence < 0) {
            return null;
        }
        int length = firstByte | b1 << 8 | b2 << 16;
        if (length == 0 || length > MAX_PACKET || sequence > 4) {
            return null;
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Packet(sequence, payload);
    }

    private static void write(OutputStream out, int sequence, byte[] payload) throws IOException {
        byte[] packet = new byte[4 + payload.length];
        packet[0] = (byte) payload.length;
        packet[1] = (byte) (payload.length >> 8);
        packet[2] = (byte) (payload.length >> 16);
        packet[3] = (byte) sequence;
        System.arraycopy(payload, 0, packet, 4, payload.length);
        out.write(packet);
        out.flush();
    }

    private static void writeInt(ByteArrayOutputStream out, int value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write(value >> (8 * i));
        }
    }

    /** What came first (one read), as text for {@link Protocols}. */
    private static String firstBytes(DataInputStream in) throws IOException {
        byte[] first = new byte[64];
        int n = Math.max(0, in.read(first));
        return new String(first, 0, n, StandardCharsets.ISO_8859_1);
    }
}
