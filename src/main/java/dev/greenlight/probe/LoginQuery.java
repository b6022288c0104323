package dev.greenlight.probe;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A database check's query on a connection it logged in with (postgres, mysql): its first value and latency, and whether
 * the server takes writes. A standby or read-only replica answers a login and {@code SELECT 1} as the primary does;
 * after a failover, the address still pointing at the old primary (now a standby) passed every check while the
 * application's writes failed. The check says so, and with {@code writable: true} fails as {@code READ_ONLY}.
 */
final class LoginQuery {

    /** Asks a server whether it takes writes: why not (a standby, a read-only setting), or null when it does. */
    @FunctionalInterface
    interface ReadOnly {
        String why(Statement statement) throws SQLException;
    }

    private LoginQuery() {
    }

    /** {@code start}: when the check began (System.nanoTime); {@code connected}: when the login ended. */
    static Observation run(String target, Instant startedAt, long start, long connected, DatabaseLogin login,
                           Connection connection, int timeoutSeconds, ReadOnly readOnly) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            String first;
            try (ResultSet rows = statement.executeQuery(login.query())) {
                first = rows.next() ? String.valueOf(rows.getObject(1)) : "(no rows)";
            }
            long end = System.nanoTime();
            Duration latency = Duration.ofNanos(end - connected);
            String said = "logged in as " + login.user() + "; " + login.query() + " -> " + first + " in " + latency.toMillis() + " ms";
            Timings timings = new Timings(null, Duration.ofNanos(connected - start), null, null, Duration.ofNanos(end - start));
            String why;
            try {
                why = readOnly.why(statement);
            } catch (SQLException e) { // a server of the protocol that is not the database (CockroachDB has no pg_is_in_recovery)
                if (login.writable()) {
                    return new Observation(target, startedAt, false, FailureSignature.QUERY_FAILED, said + ", but whether it takes "
                            + "writes could not be asked (the check has writable: true): " + e.getMessage(), timings, null,
                            Map.of(), first, true, null, java.util.List.of(), latency);
                }
                why = null;
            }
            if (why != null && login.writable()) {
                return new Observation(target, startedAt, false, FailureSignature.READ_ONLY, said + ", but the server takes no "
                        + "writes: " + why + " (the check has writable: true)", timings, null, Map.of(), first, true, null,
                        java.util.List.of(), latency);
            }
            return new Observation(target, startedAt, true, FailureSignature.NONE, said + (why == null ? ""
                    : "; the server takes no writes: " + why), timings, null, Map.of(), first, true, null, java.util.List.of(),
                    latency);
        }
    }

    /** PostgreSQL: a standby in recovery, or transactions read-only by default. */
    static String postgres(Statement statement) throws SQLException {
        try (ResultSet r = statement.executeQuery("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")) {
            if (!r.next()) {
                return null;
            }
            if (r.getBoolean(1)) {
                return "a standby (pg_is_in_recovery() is true)";
            }
            return "on".equals(r.getString(2)) ? "transactions are read-only (transaction_read_only is on)" : null;
        }
    }

    /** MySQL and MariaDB: {@code read_only} set (a replica, or a primary fenced off during a failover). */
    static String mysql(Statement statement) throws SQLException {
        try (ResultSet r = statement.executeQuery("SELECT @@global.read_only")) {
            return r.next() && r.getInt(1) != 0 ? "read_only is on (a replica, or a server fenced off)" : null;
        }
    }

    /** A driver's message up to its first line break ("" for none): its first line is the server's words. */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
