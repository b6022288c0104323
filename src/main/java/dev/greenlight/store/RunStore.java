package dev.greenlight.store;

import dev.greenlight.report.SavedReport;
import java.time.Instant;
import java.util.List;

/** The history of runs: one small interface, SQLite behind it (PostgreSQL next); callers never speak SQL. */
public interface RunStore extends AutoCloseable {

    /** One check of one run, as history keeps it. */
    record CheckRow(Instant startedAt, String environment, String checkId, String service, String status, String signature,
                    Double latencyMs) {
        public boolean passed() {
            return "PASS".equals(status);
        }
    }

    /** One run, as history keeps it; {@code location} is null when the run did not say where it was made from. */
    record RunRow(long id, Instant startedAt, String environment, String verdict, long durationMs, String location) {
    }

    /** The version a service said it runs in one run. */
    record VersionRow(Instant startedAt, String environment, String service, String version) {
    }

    /** Records a run (as its JSON report reads), in one transaction: all of it or nothing. */
    default long record(SavedReport run, long durationMs, long decidedAfterMs, int exitCode, String configSha256) throws StoreException {
        return record(run, durationMs, decidedAfterMs, exitCode, configSha256, null);
    }

    /** @param location where the run was made from ({@code watch --location}); null when not said */
    long record(SavedReport run, long durationMs, long decidedAfterMs, int exitCode, String configSha256, String location)
            throws StoreException;

    /**
     * Which runs history reads: those since {@code since}, of one {@code environment} and made from one {@code location}
     * unless they are null (a store shared by staging and production holds both).
     */
    record Scope(Instant since, String environment, String location) {
        public static Scope since(Instant since) {
            return new Scope(since, null, null);
        }
    }

    default List<RunRow> runs(Instant since) throws StoreException {
        return runs(Scope.since(since));
    }

    /** The runs of {@code scope}, oldest first. */
    List<RunRow> runs(Scope scope) throws StoreException;

    /** The checks of the runs since {@code since}, oldest first; of one service when {@code service} is not null. */
    default List<CheckRow> checks(Instant since, String service) throws StoreException {
        return checks(Scope.since(since), service);
    }

    /** The checks of the runs of {@code scope}, oldest first; only {@code service}'s unless null. */
    List<CheckRow> checks(Scope scope, String service) throws StoreException;

    /** The versions the services said they run in the runs of {@code scope}, oldest first. */
    List<VersionRow> versions(Scope scope) throws StoreException;

    /** What each service of {@code environment} said it runs in its last GO run (service -> version); empty if none. */
    java.util.Map<String, String> versionsOfLastGo(String environment) throws StoreException;

    /**
     * One call of the rollback hook: who ({@code on_no_go: ./rollback.sh}), how it ended ({@code exited 0},
     * {@code timed out after 60 s}, {@code HTTP 502}...), its exit code when it had one, what it printed (redacted).
     */
    record HookCall(String name, String outcome, Integer exitCode, boolean succeeded, long durationMs, String output) {
    }

    /** A hook call as history keeps it; {@code runId} is null when the run itself could not be recorded. */
    record HookCallRow(Long runId, Instant calledAt, HookCall call) {
    }

    void recordHookCall(Long runId, Instant calledAt, HookCall call) throws StoreException;

    /** The hook calls since {@code since}, oldest first. */
    List<HookCallRow> hookCalls(Instant since) throws StoreException;

    /** One alert delivery not yet taken by its destination. */
    record AlertRow(long id, String deliveryId, String channel, String event, int attempts, long nextAttemptMs) {
    }

    /** Keeps a delivery until its destination takes it, claimed by {@code owner} until {@code claimedUntilMs}; returns its id. */
    long enqueueAlert(String deliveryId, String channel, String kind, String fingerprint, String event, long createdMs,
                      String owner, long claimedUntilMs) throws StoreException;

    /** The deliveries not yet taken, oldest first. */
    List<AlertRow> undeliveredAlerts() throws StoreException;

    /**
     * Claims for {@code owner}, until {@code claimedUntilMs}, the deliveries not yet taken that nobody holds: never
     * claimed, or whose claim ran out before {@code nowMs} (their watcher died), for one of {@code channels}. Each row
     * is claimed by one watcher only.
     */
    List<AlertRow> claimAlerts(String owner, long nowMs, long claimedUntilMs, java.util.Set<String> channels) throws StoreException;

    /** Keeps {@code owner}'s claims alive; returns the ids of the deliveries it still holds (another may have taken some). */
    java.util.Set<Long> renewAlertClaims(String owner, long claimedUntilMs) throws StoreException;

    /** One try of a delivery: taken ({@code deliveredMs} set) or not (the error, when to try again). */
    void alertAttempted(long id, int attempts, long nextAttemptMs, Long deliveredMs, String error) throws StoreException;

    /**
     * Takes the slot {@code slot} of {@code plan} for {@code owner}: free, or held by a watcher whose lease is older than
     * {@code expiredBeforeMs} and not done (it died or hung). True when this owner holds it now.
     */
    boolean lease(String plan, long slot, String owner, long nowMs, long expiredBeforeMs) throws StoreException;

    /** Keeps a held lease alive while its run goes on. */
    void renewLease(String plan, long slot, String owner, long nowMs) throws StoreException;

    /** The run of the slot is recorded: nobody takes the slot over any more. */
    void leaseDone(String plan, long slot, String owner, long nowMs) throws StoreException;

    /** One run as another watcher recorded it: enough for the alert policy to count what it saw. */
    record SeenRun(long id, Instant startedAt, String environment, String verdict, List<String[]> rootCauses, String location) {
    }

    /**
     * The runs of one plan (its environment and its config's SHA-256) recorded after the run {@code afterId}, oldest first
     * (each root cause as service, signature, classification). A store shared by several plans (staging and production,
     * the CI gates of other configs) holds their runs too: they are not this plan's observations. At most {@code limit}
     * runs, each whole (with all its root causes).
     */
    List<SeenRun> runsAfter(long afterId, String environment, String configSha256, int limit) throws StoreException;

    /** Deletes the runs that started before {@code before} (their checks with them) and delivered alerts; the runs deleted. */
    int prune(Instant before) throws StoreException;

    /** The last alert of each root cause whose last word was not RESOLVED (as kept, JSON): what a new watch resumes. */
    List<String> openAlerts() throws StoreException;

    /** How many alert deliveries were taken since {@code since}, for history. */
    int alertsDelivered(Instant since) throws StoreException;

    @Override
    void close() throws StoreException;

    /** Why {@code location} cannot hold a history, found before a run rather than after it. */
    static java.util.Optional<String> problem(String location) {
        if (isPostgres(location)) {
            java.net.URI uri = postgresUri(location);
            return uri == null || uri.getHost() == null ? java.util.Optional.of("'" + shown(location) + "' is not a PostgreSQL URL; "
                    + "expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE") : java.util.Optional.empty();
        }
        if (!location.startsWith("sqlite:")) {
            return java.util.Optional.of("'" + shown(location) + "' is not a store; expected sqlite:FILE or postgresql://USER@HOST/DATABASE");
        }
        java.nio.file.Path dir = java.nio.file.Path.of(location.substring("sqlite:".length())).toAbsolutePath().getParent();
        return dir == null || !java.nio.file.Files.isDirectory(dir)
                ? java.util.Optional.of(location + ": the directory " + dir + " does not exist") : java.util.Optional.empty();
    }

    /**
     * {@code sqlite:FILE} (created with its schema when missing if {@code create}, else it must exist) or
     * {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE} (the schema created or migrated; the password from the
     * URL or PGPASSWORD).
     */
    static RunStore open(String location, boolean create) throws StoreException {
        if (isPostgres(location)) {
            java.net.URI uri = postgresUri(location);
            if (uri == null || uri.getHost() == null) {
                throw new StoreException(problem(location).orElseThrow(), null);
            }
            return JdbcStore.postgresql(uri, System.getenv("PGPASSWORD"));
        }
        if (location.startsWith("sqlite:")) {
            java.nio.file.Path file = java.nio.file.Path.of(location.substring("sqlite:".length()));
            java.nio.file.Path dir = file.toAbsolutePath().getParent();
            if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
                throw new StoreException(location + ": the directory " + dir + " does not exist", null);
            }
            if (!create && !java.nio.file.Files.exists(file)) {
                throw new StoreException(location + ": no history there yet; record runs with verify --store " + location, null);
            }
            return JdbcStore.sqlite(file);
        }
        throw new StoreException(problem(location).orElseThrow(), null);
    }

    private static boolean isPostgres(String location) {
        return location.startsWith("postgresql://") || location.startsWith("postgres://");
    }

    private static java.net.URI postgresUri(String location) {
        try {
            return new java.net.URI(location);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** A location as messages show it: a PostgreSQL URL without its password. */
    static String shown(String location) {
        return location.replaceAll("^(postgres(?:ql)?://[^:@/]*):[^@/]*@", "$1:****@");
    }
}
