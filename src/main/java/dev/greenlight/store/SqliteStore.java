package dev.greenlight.store;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.report.SavedReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;

/** History in one SQLite file (the xerial driver), its schema migrated by Flyway when opened. */
final class SqliteStore implements RunStore {

    private final Connection connection;
    private final String where;

    private SqliteStore(Connection connection, String where) {
        this.connection = connection;
        this.where = where;
    }

    static SqliteStore open(Path file) throws StoreException {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
            Connection connection = DriverManager.getConnection(url);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
                // a watcher and a CI run may write at the same moment: wait for the other writer this long
                s.execute("PRAGMA busy_timeout = " + Long.getLong("greenlight.store.busy_timeout_ms", 5000));
            }
            connection.setAutoCommit(false);
            return new SqliteStore(connection, "sqlite:" + file);
        } catch (SQLException | RuntimeException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse(""); // Flyway's messages run to a table
            throw new StoreException("cannot open the history sqlite:" + file + ": " + first, e);
        }
    }

    @Override
    public synchronized long record(SavedReport run, long durationMs, long decidedAfterMs, int exitCode, String configSha256) throws StoreException {
        try {
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (started_at, started_ms, environment, verdict, "
                    + "exit_code, duration_ms, decided_after_ms, command, config_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, run.startedAt());
                insert.setLong(2, Instant.parse(run.startedAt()).toEpochMilli());
                insert.setString(3, run.environment());
                insert.setString(4, run.verdict());
                insert.setInt(5, exitCode);
                insert.setLong(6, durationMs);
                insert.setLong(7, decidedAfterMs);
                insert.setString(8, run.command());
                insert.setString(9, configSha256);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement check = connection.prepareStatement("INSERT INTO checks (run_id, check_id, service, status, signature, "
                    + "detail, attempts, duration_ms, latency_ms) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)")) {
                for (SavedReport.SavedCheck c : run.checks().values()) {
                    check.setLong(1, id);
                    check.setString(2, c.id());
                    check.setString(3, c.service());
                    check.setString(4, c.status());
                    check.setString(5, c.signature());
                    check.setString(6, c.detail());
                    if (c.latencyMs() == null) {
                        check.setNull(7, java.sql.Types.REAL);
                    } else {
                        check.setDouble(7, c.latencyMs());
                    }
                    check.addBatch();
                }
                check.executeBatch();
            }
            try (PreparedStatement root = connection.prepareStatement(
                    "INSERT INTO root_causes (run_id, service, signature, classification) VALUES (?, ?, ?, ?)")) {
                for (Diagnosis.RootCause r : run.rootCauses()) {
                    root.setLong(1, id);
                    root.setString(2, r.service());
                    root.setString(3, r.signature());
                    root.setString(4, r.classification().name().toLowerCase(Locale.ROOT));
                    root.addBatch();
                }
                root.executeBatch();
            }
            connection.commit();
            return id;
        } catch (SQLException | java.time.format.DateTimeParseException e) {
            rollback();
            throw new StoreException("cannot record the run in " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<RunRow> runs(Instant since) throws StoreException {
        List<RunRow> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT id, started_at, environment, verdict, duration_ms FROM runs WHERE started_ms >= ? ORDER BY started_ms, id")) {
            q.setLong(1, since.toEpochMilli());
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new RunRow(r.getLong(1), Instant.parse(r.getString(2)), r.getString(3), r.getString(4), r.getLong(5)));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the runs of " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<CheckRow> checks(Instant since, String service) throws StoreException {
        List<CheckRow> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT r.started_at, c.check_id, c.service, c.status, c.signature, "
                + "c.latency_ms FROM checks c JOIN runs r ON r.id = c.run_id WHERE r.started_ms >= ? AND (? IS NULL OR c.service = ?) "
                + "ORDER BY r.started_ms, r.id, c.check_id")) {
            q.setLong(1, since.toEpochMilli());
            q.setString(2, service);
            q.setString(3, service);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    double latency = r.getDouble(6);
                    out.add(new CheckRow(Instant.parse(r.getString(1)), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.wasNull() ? null : latency));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the checks of " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long enqueueAlert(String deliveryId, String channel, String kind, String fingerprint, String event,
                                          long createdMs) throws StoreException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alerts (delivery_id, channel, kind, fingerprint, "
                + "event, created_ms, next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, deliveryId);
            insert.setString(2, channel);
            insert.setString(3, kind);
            insert.setString(4, fingerprint);
            insert.setString(5, event);
            insert.setLong(6, createdMs);
            insert.setLong(7, createdMs);
            insert.executeUpdate();
            long id;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            connection.commit();
            return id;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot keep the alert in " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<AlertRow> undeliveredAlerts() throws StoreException {
        List<AlertRow> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT id, delivery_id, channel, event, attempts, next_attempt_ms "
                + "FROM alerts WHERE delivered_ms IS NULL ORDER BY id")) {
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new AlertRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5), r.getLong(6)));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot read the alerts of " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void alertAttempted(long id, int attempts, long nextAttemptMs, Long deliveredMs, String error)
            throws StoreException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE alerts SET attempts = ?, next_attempt_ms = ?, delivered_ms = ?, last_error = ? WHERE id = ?")) {
            update.setInt(1, attempts);
            update.setLong(2, nextAttemptMs);
            if (deliveredMs == null) {
                update.setNull(3, java.sql.Types.INTEGER);
            } else {
                update.setLong(3, deliveredMs);
            }
            update.setString(4, error);
            update.setLong(5, id);
            update.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot record the alert delivery in " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<String> openAlerts() throws StoreException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT event FROM alerts a WHERE a.id = "
                + "(SELECT MAX(b.id) FROM alerts b WHERE b.fingerprint = a.fingerprint) AND a.kind <> 'RESOLVED' ORDER BY a.id")) {
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot read the alerts of " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized int alertsDelivered(Instant since) throws StoreException {
        try (PreparedStatement q = connection.prepareStatement("SELECT COUNT(*) FROM alerts WHERE delivered_ms >= ?")) {
            q.setLong(1, since.toEpochMilli());
            try (ResultSet r = q.executeQuery()) {
                r.next();
                int n = r.getInt(1);
                connection.commit();
                return n;
            }
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot read the alerts of " + where + ": " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: nothing was committed
        }
    }

    @Override
    public synchronized void close() throws StoreException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + where + ": " + e.getMessage(), e);
        }
    }
}
