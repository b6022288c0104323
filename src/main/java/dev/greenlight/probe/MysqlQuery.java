package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * A mysql check with a login: logs in through MariaDB's JDBC driver (which speaks to MySQL, MariaDB and Percona alike)
 * and runs the query. The greeting alone passes a server where the application's user was never created, its password
 * rotated, its schema never migrated; the login and the query are what the application does. Each way it fails has its
 * signature: refused, timeouts, bad credentials (and a host the user may not log in from), a missing database, no room
 * for another connection, a server shutting down, a proxy whose servers are gone, and the query's own error.
 *
 * <p>The driver is told to do nothing a probe should not: no {@code LOAD DATA LOCAL} (a server could ask for any file
 * of the machine), no redirection to another server, no password sent in clear text to a server that asks for it so.
 */
final class MysqlQuery {

    private MysqlQuery() {
    }

    /**
     * How the login goes: in the clear ({@code null} id), or over TLS as the check's options say ({@link MysqlTls}: the
     * server's certificate verified against {@code ca_file} or the JVM's trust store and naming the address, or not with
     * {@code insecure}; a client certificate when given).
     */
    record Tls(String id) {
        static final Tls CLEAR = new Tls(null);

        static Tls of(Fields f, String what) throws ConfigException {
            dev.greenlight.probe.wire.TlsOptions options = SocketTls.read(f, what); // checked as an https check's
            return options == null ? CLEAR : new Tls(MysqlTls.register(options));
        }

        boolean on() {
            return id != null;
        }

        void into(Properties properties) {
            if (on()) {
                MysqlTls.into(properties, id);
            }
        }
    }

    /** {@code handshake}: the check without a login, asked what the port speaks when the driver cannot tell. */
    static Observation run(String target, Endpoint endpoint, DatabaseLogin login, Tls tls, ProbeContext context, Clock clock,
                           Supplier<Observation> handshake) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        long millis = Math.max(1, context.timeout().toMillis());
        Properties properties = new Properties();
        properties.setProperty("user", login.user());
        properties.setProperty("password", login.password());
        properties.setProperty("connectTimeout", String.valueOf(millis));
        properties.setProperty("socketTimeout", String.valueOf(millis));
        properties.setProperty("allowLocalInfile", "false");
        properties.setProperty("permitRedirect", "false");
        properties.setProperty("restrictedAuth", "mysql_native_password,client_ed25519,caching_sha2_password");
        properties.setProperty("connectionAttributes", "program_name:greenlight");
        tls.into(properties);
        String url = "jdbc:mariadb://" + endpoint + "/" + (login.database() == null ? "" : login.database());
        try (Connection connection = new org.mariadb.jdbc.Driver().connect(url, properties)) {
            return LoginQuery.run(target, startedAt, start, System.nanoTime(), login, connection,
                    (int) Math.max(1, (millis + 999) / 1000), LoginQuery::mysql);
        } catch (SQLException e) {
            Observation failure = failure(target, endpoint, startedAt, start, context, e, tls);
            if (e.getErrorCode() <= 0 && (failure.signature() == FailureSignature.CONNECTION_RESET
                    || failure.signature() == FailureSignature.QUERY_FAILED)) {
                // the driver's own words ("unexpected end of stream") for a port that may answer, but not as MySQL
                Observation sniff = handshake.get();
                if (sniff.signature() == FailureSignature.PROTOCOL_ERROR) {
                    return sniff;
                }
            }
            return failure;
        }
    }

    private static Observation failure(String target, Endpoint endpoint, Instant startedAt, long start, ProbeContext context,
                                       SQLException e, Tls tls) {
        Timings timings = Timings.total(Duration.ofNanos(System.nanoTime() - start));
        int code = e.getErrorCode();
        if (code <= 0) { // the driver's, not the server's
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException io) {
                    return NetworkErrors.observation(target, startedAt, start, context, io, NetworkErrors.afterConnect(io),
                            endpoint);
                }
            }
            String message = LoginQuery.firstLine(e.getMessage());
            if (message.contains("timeout") || message.contains("timed out")) {
                return new Observation(target, startedAt, false, FailureSignature.READ_TIMEOUT, FailureSignature.READ_TIMEOUT
                        .meaning() + ": " + message, timings, null, Map.of(), null, true, null);
            }
            FailureSignature handshake = tlsFailure(message);
            if (handshake != null) {
                return new Observation(target, startedAt, false, handshake, handshake.meaning() + ": " + serverMessage(message),
                        timings, null, Map.of(), null, true, null);
            }
            if (String.valueOf(e.getSQLState()).startsWith("08")) {
                return new Observation(target, startedAt, false, FailureSignature.CONNECTION_RESET, "the connection ended "
                        + "during the login: " + message, timings, null, Map.of(), null, true, null);
            }
        }
        String error = "ERROR " + code + (e.getSQLState() == null ? "" : " (" + e.getSQLState() + ")") + ": "
                + serverMessage(e.getMessage());
        FailureSignature signature = signature(code, e.getMessage());
        String detail = switch (signature) {
            case UPSTREAM_FAILED -> "a proxy answered for the MySQL servers behind it, and they did not: " + error;
            case QUERY_FAILED -> "the query failed: " + error;
            default -> signature.meaning() + ": " + error;
        };
        if (!tls.on() && (code == 1045 || code == 3159)) {
            // MariaDB refuses a login in the clear to a server that requires TLS as it refuses a wrong password
            detail += "; the login went in the clear, and a server that takes TLS connections only (require_secure_transport) "
                    + "refuses it so too: if it does, give the check 'tls: true'";
        }
        return new Observation(target, startedAt, false, signature, detail, timings, null, Map.of(), null, true, null);
    }

    /**
     * A TLS failure said in the driver's own words, without the JDK's exception under it ("Self signed certificates.
     * Either set sslMode=trust ..." when the chain is not trusted); null when the message is not about TLS.
     */
    private static FailureSignature tlsFailure(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("hostname") && m.contains("certificate")) {
            return FailureSignature.TLS_HOSTNAME_MISMATCH;
        }
        if (m.contains("expired")) {
            return m.contains("certificate") ? FailureSignature.TLS_EXPIRED : null;
        }
        return m.contains("certificate") || m.contains("pkix") || m.contains("sslmode") ? FailureSignature.TLS_UNTRUSTED : null;
    }

    /** What a server's error number says (MySQL's and MariaDB's numbers are the same for these). */
    static FailureSignature signature(int code, String message) {
        if (code == 9001 || String.valueOf(message).contains("ProxySQL")) {
            return FailureSignature.UPSTREAM_FAILED; // "Max connect timeout reached while reaching hostgroup"
        }
        return switch (code) {
            case 1044, 1045, 1130, 1251, 1698, 1862, 3159, 4151 -> FailureSignature.AUTH_FAILED; // denied, host, expired, TLS only
            case 1049 -> FailureSignature.DATABASE_MISSING;
            case 1040, 1203 -> FailureSignature.TOO_MANY_CONNECTIONS;
            case 1053, 1129, 1927, 3032 -> FailureSignature.NOT_ACCEPTING; // shutting down, host blocked, killed, offline mode
            case 1205, 1317, 1969, 3024 -> FailureSignature.READ_TIMEOUT; // lock wait, interrupted, statement time limits
            default -> FailureSignature.QUERY_FAILED;
        };
    }

    /** The server's own words, without the driver's wrapping ("(conn=12) ") and anything after the first line. */
    private static String serverMessage(String message) {
        String line = LoginQuery.firstLine(message);
        return line.startsWith("(conn=") && line.indexOf(") ") > 0 ? line.substring(line.indexOf(") ") + 2) : line;
    }
}
