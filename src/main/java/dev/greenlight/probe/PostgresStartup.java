package dev.greenlight.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A check of a PostgreSQL server without a login, as {@code pg_isready} makes it: a startup message, and what comes
 * back says whether the server accepts connections. The server refuses a connection it cannot take (starting up,
 * recovering, shutting down, full) before it asks for a password, so the answer tells those apart from a server
 * that runs: asked for a password, or turned away on the probe's own user, it runs.
 *
 * <p>A connection pooler (pgbouncer, Odyssey, RDS Proxy) speaks the same protocol and answers the startup itself,
 * database up or down. Two things tell it from PostgreSQL: PostgreSQL's errors always carry the source file, line
 * and routine that raised them (fields {@code F}, {@code L}, {@code R}), a pooler's do not; and the startup message
 * carries a custom setting ({@code greenlight.probe}), which PostgreSQL accepts as a placeholder and a pooler
 * refuses as a startup parameter it does not know. No password is ever sent, so a server asking for one logs
 * nothing when the probe hangs up.
 */
final class PostgresStartup {

    static final String USER = "greenlight";
    private static final int PROTOCOL_3_0 = 196608;
    private static final int MAX_MESSAGE = 64 * 1024;

    private PostgresStartup() {
    }

    /** Sends the startup message; the server's first answer is read by {@link #answer}. */
    static void send(OutputStream out) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInt(body, PROTOCOL_3_0);
        for (String s : new String[] {"user", USER, "database", "postgres", "application_name", "greenlight",
                "greenlight.probe", "readiness"}) {
            body.write(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        writeInt(message, body.size() + 4);
        body.writeTo(message);
        out.write(message.toByteArray());
        out.flush();
    }

    /**
     * Reads what the server answered to the startup message. Null when the first byte is not PostgreSQL's (the caller
     * says what the port speaks instead).
     */
    static Answer answer(int type, DataInputStream in, OutputStream out) throws IOException {
        if (type == 'E') {
            return error(fields(read(in)));
        }
        if (type != 'R') {
            return null;
        }
        byte[] auth = read(in);
        int code = auth.length >= 4 ? ((auth[0] & 0xff) << 24) | ((auth[1] & 0xff) << 16) | ((auth[2] & 0xff) << 8) | (auth[3] & 0xff) : -1;
        if (code != 0) {
            return new Answer(FailureSignature.NONE, "PostgreSQL accepts connections (it asks for a password: "
                    + authentication(code, auth) + "); give a login to check the database with a query");
        }
        return afterLogin(in, out);
    }

    /** Let in without a password (trust): what follows is the server's start of a session, or its refusal. */
    private static Answer afterLogin(DataInputStream in, OutputStream out) throws IOException {
        for (int messages = 0; messages < 1000; messages++) {
            int type = in.read();
            if (type < 0) {
                throw new EOFException("the server closed the connection after letting the probe in");
            }
            byte[] body = read(in);
            if (type == 'E') {
                return error(fields(body));
            }
            if (type == 'Z') {
                out.write(new byte[] {'X', 0, 0, 0, 4}); // Terminate: the session ends cleanly
                out.flush();
                return new Answer(FailureSignature.NONE, "PostgreSQL accepts connections (it let the probe in as "
                        + USER + " without a password)");
            }
        }
        throw new IOException("no end to the server's start of a session");
    }

    private static Answer error(Map<Character, String> fields) {
        String code = fields.getOrDefault('C', "");
        String message = fields.getOrDefault('M', "");
        boolean fromPostgres = fields.containsKey('F') || fields.containsKey('R');
        if (!fromPostgres) {
            return poolerError(code, message);
        }
        String said = message + " (SQLSTATE " + code + ")";
        if (code.equals("53300")) {
            return new Answer(FailureSignature.TOO_MANY_CONNECTIONS, "PostgreSQL refuses new connections: " + said);
        }
        if (code.startsWith("57P") || code.startsWith("53") || code.startsWith("58") || code.startsWith("XX")) {
            return new Answer(FailureSignature.NOT_ACCEPTING, "PostgreSQL runs but does not accept connections: " + said);
        }
        return new Answer(FailureSignature.NONE, "PostgreSQL accepts connections (it turned down the probe's own login: "
                + said + ")");
    }

    /** An error without PostgreSQL's source fields: a pooler's own words. */
    private static Answer poolerError(String code, String message) {
        String said = "'" + message + "'" + (code.isEmpty() ? "" : " (SQLSTATE " + code + ")");
        String lower = message.toLowerCase(Locale.ROOT);
        if (serverBehindFailed(message)) {
            return new Answer(FailureSignature.UPSTREAM_FAILED, "a connection pooler answered " + said
                    + ": the PostgreSQL server behind it does not");
        }
        if (lower.contains("no more connections allowed")) {
            return new Answer(FailureSignature.TOO_MANY_CONNECTIONS, "a connection pooler refuses new connections: " + said);
        }
        return new Answer(FailureSignature.POOLER_ANSWERED, "a connection pooler answered, not the PostgreSQL server, and "
                + "it answers whether the database is up or not: give this check a login (user, password, query), whose query "
                + "goes through the pooler to the server (the pooler said " + said + ")");
    }

    /** A pooler's words for the server behind it failing (pgbouncer's). */
    static boolean serverBehindFailed(String message) {
        String lower = String.valueOf(message).toLowerCase(Locale.ROOT);
        return lower.contains("cannot connect to server") || lower.contains("server login has been failing")
                || lower.contains("server conn crashed") || lower.contains("query_wait_timeout");
    }

    private static String authentication(int code, byte[] auth) {
        return switch (code) {
            case 3 -> "cleartext";
            case 5 -> "MD5";
            case 7 -> "GSSAPI";
            case 9 -> "SSPI";
            case 10 -> new String(auth, 4, Math.max(0, auth.length - 4), StandardCharsets.UTF_8).replace('\0', ' ').trim();
            default -> "method " + code;
        };
    }

    /** An error's fields by their one-letter codes. */
    private static Map<Character, String> fields(byte[] body) {
        Map<Character, String> fields = new LinkedHashMap<>();
        int i = 0;
        while (i < body.length && body[i] != 0) {
            char key = (char) body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            fields.put(key, new String(body, i, end - i, StandardCharsets.UTF_8));
            i = end + 1;
        }
        return fields;
    }

    /** A message's body after its type byte: its length, then that many bytes less the length's own four. */
    private static byte[] read(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 4 || length > MAX_MESSAGE) {
            throw new IOException("a PostgreSQL message of " + length + " bytes");
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return body;
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
