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
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * History over JDBC, its schema migrated by Flyway when opened: one SQLite file (the xerial driver; the embedded
 * default) or a PostgreSQL database (for many watchers and long retention). Each statement runs in its own
 * transaction; the methods are synchronized (the watch loop and the alert outbox share one store). A PostgreSQL
 * connection that broke (the server restarted) is opened again by the next call.
 */
final class JdbcStore implements RunStore {

    /** Where the history lives and how to reach it: the JDBC URL, its credentials, and how messages name it. */
    record Target(String jdbcUrl, String user, String password, String shown, String migrations, boolean sqlite) {
    }

    private final Target target;
    private final String where;
    private Connection connection;
    private boolean broken;

    private JdbcStore(Target target, Connection connection) {
        this.target = target;
        this.where = target.shown();
        this.connection = connection;
    }

    static JdbcStore sqlite(Path file) throws StoreException {
        return open(new Target("jdbc:sqlite:" + file.toAbsolutePath(), null, null, "sqlite:" + file, "sqlite", true));
    }

    /** {@code postgresql://user[:password]@host[:port]/database}; without a password, {@code PGPASSWORD}. */
    static JdbcStore postgresql(java.net.URI location, String environmentPassword) throws StoreException {
        String user = null;
        String password = environmentPassword;
        if (location.getRawUserInfo() != null) {
            String[] parts = location.getRawUserInfo().split(":", 2);
            user = java.net.URLDecoder.decode(parts[0], java.nio.charset.StandardCharsets.UTF_8);
            if (parts.length > 1) {
                password = java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        String hostPort = location.getHost() + (location.getPort() > 0 ? ":" + location.getPort() : "");
        String database = location.getPath() == null || location.getPath().length() <= 1 ? "postgres" : location.getPath().substring(1);
        String shown = "postgresql://" + (user == null ? "" : user + "@") + hostPort + "/" + database;
        return open(new Target("jdbc:postgresql://" + hostPort + "/" + database + "?connectTimeout=5&socketTimeout=30"
                + "&ApplicationName=greenlight", user, password, shown, "postgresql", false));
    }

    private static JdbcStore open(Target target) throws StoreException {
        try {
            Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password())
                    .locations("classpath:db/migration/" + target.migrations()).load().migrate();
            return new JdbcStore(target, connect(target));
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot open the history " + target.shown() + ": " + firstLine(e, target), e);
        }
    }

    private static Connection connect(Target target) throws SQLException {
        Connection connection = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
        if (target.sqlite()) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
                // a watcher and a CI run may write at the same moment: wait for the other writer this long
                s.execute("PRAGMA busy_timeout = " + Long.getLong("greenlight.store.busy_timeout_ms", 5000));
            }
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /** The first line of a failure (Flyway's messages run to a table), the password never in it. */
    private static String firstLine(Exception e, Target target) {
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return target.password() == null || target.password().isEmpty() ? first : first.replace(target.password(), "****");
    }

    /** The connection, opened again after it broke (a restarted PostgreSQL): the call after an outage just works. */
    private Connection db() throws SQLException {
        if (broken || connection.isClosed()) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being replaced
            }
            connection = connect(target);
            broken = false;
        }
        return connection;
    }

    /** A failure that means the connection is gone (SQLState class 08) rather than a bad statement. */
    private StoreException failed(String what, SQLException e) {
        String state = e.getSQLState();
        if (!target.sqlite() && (state == null || state.startsWith("08") || state.startsWith("57P"))) {
            broken = true;
        }
        rollback();
        return new StoreException("cannot " + what + " " + where + ": " + firstLine(e, target), e);
    }

    @Override
    public synchronized long record(SavedReport run, long durationMs, long decidedAfterMs, int exitCode, String configSha256,
                                    String location) throws StoreException {
        try {
            long id;
            try (PreparedStatement insert = db().prepareStatement("INSERT INTO runs (started_at, started_ms, environment, verdict, "
                    + "exit_code, duration_ms, decided_after_ms, command, config_sha256, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                insert.setString(10, location);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement check = db().prepareStatement("INSERT INTO checks (run_id, check_id, service, status, signature, "
                    + "detail, attempts, duration_ms, latency_ms) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)")) {
                for (SavedReport.SavedCheck c : run.checks().values()) {
                    check.setLong(1, id);
                    check.setString(2, c.id());
                    check.setString(3, c.service());
                    check.setString(4, c.status());
                    check.setString(5, c.signature());
                    // a pass says nothing history reads ("HTTP 200"): kept for failures only; PostgreSQL text holds no NUL
                    check.setString(6, c.passed() || c.detail() == null ? "" : c.detail().replace("\u0000", "\\0"));
                    if (c.latencyMs() == null) {
                        check.setNull(7, java.sql.Types.REAL);
                    } else {
                        check.setDouble(7, c.latencyMs());
                    }
                    check.addBatch();
                }
                check.executeBatch();
            }
            try (PreparedStatement root = db().prepareStatement(
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
            try (PreparedStatement version = db().prepareStatement(
                    "INSERT INTO service_versions (run_id, service, version) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> v : run.versions().entrySet()) {
                    version.setLong(1, id);
                    version.setString(2, v.getKey());
                    version.setString(3, v.getValue().replace("\u0000", "\\0"));
                    version.addBatch();
                }
                version.executeBatch();
            }
            db().commit();
            return id;
        } catch (SQLException e) {
            throw failed("record the run in", e);
        } catch (java.time.format.DateTimeParseException e) {
            rollback();
            throw new StoreException("cannot record the run in " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<RunRow> runs(Scope scope) throws StoreException {
        List<RunRow> out = new ArrayList<>();
        try (PreparedStatement q = db().prepareStatement("SELECT id, started_at, environment, verdict, duration_ms, location FROM runs r "
                + "WHERE started_ms >= ? AND " + IN_SCOPE + " ORDER BY started_ms, id")) {
            q.setLong(1, scope.since().toEpochMilli());
            inScope(q, 2, scope);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new RunRow(r.getLong(1), Instant.parse(r.getString(2)), r.getString(3), r.getString(4), r.getLong(5),
                            r.getString(6)));
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("read the runs of", e);
        }
    }

    @Override
    public synchronized List<CheckRow> checks(Scope scope, String service) throws StoreException {
        List<CheckRow> out = new ArrayList<>();
        try (PreparedStatement q = db().prepareStatement("SELECT r.started_at, r.environment, c.check_id, c.service, c.status, "
                + "c.signature, c.latency_ms FROM checks c JOIN runs r ON r.id = c.run_id WHERE r.started_ms >= ? "
                + "AND (CAST(? AS TEXT) IS NULL OR c.service = ?) AND " + IN_SCOPE + " ORDER BY r.started_ms, r.id, c.check_id")) {
            q.setLong(1, scope.since().toEpochMilli());
            q.setString(2, service);
            q.setString(3, service);
            inScope(q, 4, scope);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    double read = r.getDouble(7);
                    Double latency = r.wasNull() ? null : read;
                    out.add(new CheckRow(Instant.parse(r.getString(1)), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), latency));
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("read the checks of", e);
        }
    }

    @Override
    public synchronized List<VersionRow> versions(Scope scope) throws StoreException {
        List<VersionRow> out = new ArrayList<>();
        try (PreparedStatement q = db().prepareStatement("SELECT r.started_at, r.environment, v.service, v.version FROM service_versions v "
                + "JOIN runs r ON r.id = v.run_id WHERE r.started_ms >= ? AND " + IN_SCOPE + " ORDER BY r.started_ms, r.id, v.service")) {
            q.setLong(1, scope.since().toEpochMilli());
            inScope(q, 2, scope);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new VersionRow(Instant.parse(r.getString(1)), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("read the versions of", e);
        }
    }

    @Override
    public synchronized Map<String, String> versionsOfLastGo(String environment) throws StoreException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        try (PreparedStatement q = db().prepareStatement("SELECT service, version FROM service_versions WHERE run_id = "
                + "(SELECT MAX(id) FROM runs WHERE environment = ? AND verdict = 'GO') ORDER BY service")) {
            q.setString(1, environment);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("read the last GO run's versions of", e);
        }
    }

    /** The environment and location a {@link Scope} asks for, of the runs {@code r}; set by {@link #inScope}. */
    private static final String IN_SCOPE = "(CAST(? AS TEXT) IS NULL OR r.environment = ?) AND (CAST(? AS TEXT) IS NULL OR r.location = ?)";

    private static void inScope(PreparedStatement q, int first, Scope scope) throws SQLException {
        q.setString(first, scope.environment());
        q.setString(first + 1, scope.environment());
        q.setString(first + 2, scope.location());
        q.setString(first + 3, scope.location());
    }

    @Override
    public synchronized void recordHookCall(Long runId, Instant calledAt, HookCall call) throws StoreException {
        try (PreparedStatement insert = db().prepareStatement("INSERT INTO hook_calls (run_id, called_ms, name, outcome, "
                + "exit_code, succeeded, duration_ms, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, runId, java.sql.Types.BIGINT);
            insert.setLong(2, calledAt.toEpochMilli());
            insert.setString(3, call.name());
            insert.setString(4, call.outcome());
            insert.setObject(5, call.exitCode(), java.sql.Types.INTEGER);
            insert.setBoolean(6, call.succeeded());
            insert.setLong(7, call.durationMs());
            insert.setString(8, call.output());
            insert.executeUpdate();
            db().commit();
        } catch (SQLException e) {
            throw failed("record the hook call in", e);
        }
    }

    @Override
    public synchronized List<HookCallRow> hookCalls(Instant since) throws StoreException {
        try (PreparedStatement q = db().prepareStatement("SELECT run_id, called_ms, name, outcome, exit_code, succeeded, "
                + "duration_ms, output FROM hook_calls WHERE called_ms >= ? ORDER BY called_ms, id")) {
            q.setLong(1, since.toEpochMilli());
            List<HookCallRow> out = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    long runId = r.getLong(1);
                    Long run = r.wasNull() ? null : runId;
                    int exit = r.getInt(5);
                    Integer exitCode = r.wasNull() ? null : exit;
                    out.add(new HookCallRow(run, Instant.ofEpochMilli(r.getLong(2)), new HookCall(r.getString(3),
                            r.getString(4), exitCode, r.getBoolean(6), r.getLong(7), r.getString(8))));
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("read the hook calls of", e);
        }
    }

    @Override
    public synchronized long enqueueAlert(String deliveryId, String channel, String kind, String fingerprint, String event,
                                          long createdMs, String owner, long claimedUntilMs) throws StoreException {
        try (PreparedStatement insert = db().prepareStatement("INSERT INTO alerts (delivery_id, channel, kind, fingerprint, "
                + "event, created_ms, next_attempt_ms, owner, claimed_until_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(8, owner);
            insert.setLong(9, claimedUntilMs);
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
            db().commit();
            return id;
        } catch (SQLException e) {
            throw failed("keep the alert in", e);
        }
    }

    @Override
    public synchronized List<AlertRow> claimAlerts(String owner, long nowMs, long claimedUntilMs, java.util.Set<String> channels)
            throws StoreException {
        String free = "delivered_ms IS NULL AND (owner IS NULL OR claimed_until_ms IS NULL OR claimed_until_ms < ?)";
        List<AlertRow> out = new ArrayList<>();
        if (channels.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = db().prepareStatement("SELECT id, delivery_id, channel, event, attempts, next_attempt_ms "
                + "FROM alerts WHERE " + free + " ORDER BY id");
             PreparedStatement claim = db().prepareStatement("UPDATE alerts SET owner = ?, claimed_until_ms = ? WHERE id = ? AND "
                     + free)) {
            q.setLong(1, nowMs);
            List<AlertRow> candidates = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    if (channels.contains(r.getString(3))) { // another config's destinations are its own watchers'
                        candidates.add(new AlertRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5), r.getLong(6)));
                    }
                }
            }
            for (AlertRow row : candidates) { // compare and set: of two watchers claiming one row, one changes it
                claim.setString(1, owner);
                claim.setLong(2, claimedUntilMs);
                claim.setLong(3, row.id());
                claim.setLong(4, nowMs);
                if (claim.executeUpdate() == 1) {
                    out.add(row);
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("claim the alerts of", e);
        }
    }

    @Override
    public synchronized java.util.Set<Long> renewAlertClaims(String owner, long claimedUntilMs) throws StoreException {
        try (PreparedStatement renew = db().prepareStatement(
                "UPDATE alerts SET claimed_until_ms = ? WHERE owner = ? AND delivered_ms IS NULL");
             PreparedStatement held = db().prepareStatement("SELECT id FROM alerts WHERE owner = ? AND delivered_ms IS NULL")) {
            renew.setLong(1, claimedUntilMs);
            renew.setString(2, owner);
            renew.executeUpdate();
            held.setString(1, owner);
            java.util.Set<Long> out = new java.util.HashSet<>();
            try (ResultSet r = held.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("renew the alert claims in", e);
        }
    }

    @Override
    public synchronized List<AlertRow> undeliveredAlerts() throws StoreException {
        List<AlertRow> out = new ArrayList<>();
        try (PreparedStatement q = db().prepareStatement("SELECT id, delivery_id, channel, event, attempts, next_attempt_ms "
                + "FROM alerts WHERE delivered_ms IS NULL ORDER BY id")) {
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new AlertRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5), r.getLong(6)));
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("read the alerts of", e);
        }
    }

    @Override
    public synchronized void alertAttempted(long id, int attempts, long nextAttemptMs, Long deliveredMs, String error)
            throws StoreException {
        try (PreparedStatement update = db().prepareStatement(
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
            db().commit();
        } catch (SQLException e) {
            throw failed("record the alert delivery in", e);
        }
    }

    @Override
    public synchronized List<String> openAlerts() throws StoreException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = db().prepareStatement("SELECT event FROM alerts a WHERE a.id = "
                + "(SELECT MAX(b.id) FROM alerts b WHERE b.fingerprint = a.fingerprint) AND a.kind <> 'RESOLVED' ORDER BY a.id")) {
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            db().commit();
            return out;
        } catch (SQLException e) {
            throw failed("read the alerts of", e);
        }
    }

    @Override
    public synchronized int alertsDelivered(Instant since) throws StoreException {
        try (PreparedStatement q = db().prepareStatement("SELECT COUNT(*) FROM alerts WHERE delivered_ms >= ?")) {
            q.setLong(1, since.toEpochMilli());
            try (ResultSet r = q.executeQuery()) {
                r.next();
                int n = r.getInt(1);
                db().commit();
                return n;
            }
        } catch (SQLException e) {
            throw failed("read the alerts of", e);
        }
    }

    @Override
    public synchronized boolean lease(String plan, long slot, String owner, long nowMs, long expiredBeforeMs) throws StoreException {
        try (PreparedStatement take = db().prepareStatement(
                "INSERT INTO leases (plan, slot, owner, leased_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement takeOver = db().prepareStatement("UPDATE leases SET owner = ?, leased_ms = ? "
                     + "WHERE plan = ? AND slot = ? AND done_ms IS NULL AND leased_ms < ? AND owner <> ?")) {
            take.setString(1, plan);
            take.setLong(2, slot);
            take.setString(3, owner);
            take.setLong(4, nowMs);
            boolean won = take.executeUpdate() == 1;
            if (!won) {
                takeOver.setString(1, owner);
                takeOver.setLong(2, nowMs);
                takeOver.setString(3, plan);
                takeOver.setLong(4, slot);
                takeOver.setLong(5, expiredBeforeMs);
                takeOver.setString(6, owner);
                won = takeOver.executeUpdate() == 1;
            }
            db().commit();
            return won;
        } catch (SQLException e) {
            throw failed("take a lease in", e);
        }
    }

    @Override
    public synchronized void renewLease(String plan, long slot, String owner, long nowMs) throws StoreException {
        leaseUpdate("UPDATE leases SET leased_ms = ? WHERE plan = ? AND slot = ? AND owner = ?", plan, slot, owner, nowMs);
    }

    @Override
    public synchronized void leaseDone(String plan, long slot, String owner, long nowMs) throws StoreException {
        leaseUpdate("UPDATE leases SET done_ms = ? WHERE plan = ? AND slot = ? AND owner = ?", plan, slot, owner, nowMs);
    }

    private void leaseUpdate(String sql, String plan, long slot, String owner, long nowMs) throws StoreException {
        try (PreparedStatement update = db().prepareStatement(sql)) {
            update.setLong(1, nowMs);
            update.setString(2, plan);
            update.setLong(3, slot);
            update.setString(4, owner);
            update.executeUpdate();
            db().commit();
        } catch (SQLException e) {
            throw failed("update a lease in", e);
        }
    }

    @Override
    public synchronized List<SeenRun> runsAfter(long afterId, String environment, String configSha256, int limit)
            throws StoreException {
        java.util.Map<Long, SeenRun> out = new java.util.LinkedHashMap<>();
        // the limit counts runs, not the joined rows of their root causes: a run is never cut in two
        try (PreparedStatement q = db().prepareStatement("SELECT r.id, r.started_at, r.environment, r.verdict, c.service, c.signature, "
                + "c.classification, r.location FROM runs r LEFT JOIN root_causes c ON c.run_id = r.id WHERE r.id IN (SELECT id FROM "
                + "runs WHERE id > ? AND environment = ? AND config_sha256 = ? ORDER BY id LIMIT ?) ORDER BY r.id")) {
            q.setLong(1, afterId);
            q.setString(2, environment);
            q.setString(3, configSha256);
            q.setInt(4, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    SeenRun run = out.computeIfAbsent(r.getLong(1), id -> {
                        try {
                            return new SeenRun(id, Instant.parse(r.getString(2)), r.getString(3), r.getString(4), new ArrayList<>(),
                                    r.getString(8));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    if (r.getString(5) != null) {
                        run.rootCauses().add(new String[] {r.getString(5), r.getString(6), r.getString(7)});
                    }
                }
            }
            db().commit();
            return new ArrayList<>(out.values());
        } catch (SQLException e) {
            throw failed("read the runs of", e);
        }
    }

    @Override
    public synchronized int prune(Instant before) throws StoreException {
        try (PreparedStatement runs = db().prepareStatement("DELETE FROM runs WHERE started_ms < ?");
             PreparedStatement alerts = db().prepareStatement("DELETE FROM alerts WHERE delivered_ms IS NOT NULL AND delivered_ms < ?");
             PreparedStatement leases = db().prepareStatement("DELETE FROM leases WHERE leased_ms < ?");
             PreparedStatement hooks = db().prepareStatement("DELETE FROM hook_calls WHERE called_ms < ?")) {
            runs.setLong(1, before.toEpochMilli());
            int deleted = runs.executeUpdate();
            alerts.setLong(1, before.toEpochMilli());
            alerts.executeUpdate();
            leases.setLong(1, before.toEpochMilli());
            leases.executeUpdate();
            hooks.setLong(1, before.toEpochMilli());
            hooks.executeUpdate(); // those of runs not recorded (the others went with their run)
            db().commit();
            return deleted;
        } catch (SQLException e) {
            throw failed("prune", e);
        }
    }

    private void rollback() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone: nothing was committed
        }
    }

    @Override
    public synchronized void close() throws StoreException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failed("close", e);
        }
    }
}
