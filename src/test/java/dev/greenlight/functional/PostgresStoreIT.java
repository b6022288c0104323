package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.plan.RunClock;
import dev.greenlight.plan.RunResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import dev.greenlight.report.SavedReport;
import dev.greenlight.store.RunStore;
import dev.greenlight.watch.StatusPage;
import dev.greenlight.watch.WatchMetrics;
import dev.greenlight.watch.WatchState;
import dev.greenlight.watch.Watcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history in a real PostgreSQL (started by the test): CI runs recorded and read back by the packaged CLI, the
 * password never shown; a watcher whose database goes down keeps its runs and writes them all when it is back;
 * retention deletes old runs with their checks, in PostgreSQL and SQLite alike.
 */
class PostgresStoreIT {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();
    private static RealServers.Postgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = new RealServers.Postgres();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private static String url(String database, boolean withPassword) {
        return "postgresql://" + RealServers.Postgres.USER + (withPassword ? ":" + RealServers.Postgres.PASSWORD : "")
                + "@127.0.0.1:" + postgres.port + "/" + database;
    }

    private Path plan(String path) throws Exception {
        Path config = dir.resolve("greenlight-" + path.replace("/", "") + ".yaml");
        Files.writeString(config, "environment: staging\nservices: { api: { url: \"%s\", checks: { health: { http: %s } } } }\n"
                .formatted(server.url(""), path));
        return config;
    }

    @Test
    void ciRunsAreRecordedInPostgresAndReadBackWithThePasswordNeverShown() throws Exception {
        postgres.createDatabase("ci");
        Map<String, String> pgPassword = Map.of("PGPASSWORD", RealServers.Postgres.PASSWORD);
        Cli.Result up = Cli.run(pgPassword, "verify", "-c", plan("/ok-release").toString(), "-q", "--store", url("ci", false));
        Path report = dir.resolve("down.json");
        Cli.Result down = Cli.run(Map.of(), "verify", "-c", plan("/unavailable-release").toString(), "-q", "--store", url("ci", true),
                "--format", "json", "-o", report.toString());
        Cli.Result history = Cli.run(pgPassword, "history", "--store", url("ci", false), "--format", "json");
        Cli.Result wrong = Cli.run(Map.of(), "verify", "-c", plan("/ok").toString(), "-q", "--store",
                url("ci", false).replace(RealServers.Postgres.USER + "@", RealServers.Postgres.USER + ":not-the-password-77@"));

        assertThat(up.exitCode()).as(up.stderr()).isZero();
        assertThat(down.exitCode()).as(down.stderr()).isEqualTo(1);
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        assertThat(history.stdout()).contains("\"api\"");
        JsonNode release = new ObjectMapper().readTree(history.stdout()).get("releases").get(0);
        assertThat(release.get("service").asText() + " " + release.get("before").asText() + " -> " + release.get("after").asText()
                + " " + release.get("went_down").asBoolean()).isEqualTo("api 1.4.1 -> 1.4.2 true");
        try (RunStore store = RunStore.open(url("ci", true), false)) {
            assertThat(store.runs(Instant.EPOCH)).extracting(RunStore.RunRow::verdict).containsExactly("GO", "NO-GO");
            assertThat(store.checks(Instant.EPOCH, "api")).extracting(RunStore.CheckRow::status).containsExactly("PASS", "FAIL");
        }
        // a wrong password: the run's verdict stands, the record fails with 74, and the password given is not repeated
        assertThat(wrong.exitCode()).isEqualTo(74);
        assertThat(wrong.stderr()).contains("the run was not recorded").contains("postgresql://greenlight@127.0.0.1:" + postgres.port + "/ci")
                .doesNotContain("not-the-password-77");
        String everything = up.stdout() + up.stderr() + down.stdout() + down.stderr() + history.stdout() + history.stderr()
                + Files.readString(report);
        assertThat(everything).doesNotContain(RealServers.Postgres.PASSWORD);
        assertThat(Files.readString(report)).contains("--store 'postgresql://greenlight:****@127.0.0.1:");
    }

    @Test
    void aWatcherKeepsItsRunsWhilePostgresIsDownForThirtySecondsAndWritesEveryOneWhenItIsBack() throws Exception {
        postgres.createDatabase("watch");
        Plan plan = Runs.plan("environment: staging\nservices: { api: { url: \"%s\", checks: { health: { http: /ok } } } }"
                .formatted(server.url("")), Map.of());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        WatchState state = new WatchState(120);
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        try (RunStore store = RunStore.open(url("watch", true), true)) {
            Watcher watcher = new Watcher(() -> {
                made.incrementAndGet();
                return new PlanRunner(RunClock.system(), ProgressListener.NONE).run(plan);
            }, Secrets.none(), RunContext.NONE, Duration.ofMillis(500), Optional.of(store), new WatchMetrics(), state, null, 1,
                    new PrintStream(log, true, StandardCharsets.UTF_8));
            Thread loop = new Thread(() -> {
                try {
                    watcher.run(0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loop.start();
            Thread.sleep(1500);
            postgres.stop(); // the database is down for 30 s while the watcher goes on
            try {
                Thread.sleep(15_000);
                assertThat(state.storeProblem()).as(log.toString(StandardCharsets.UTF_8)).isNotNull();
                assertThat(new StatusPage(state, Secrets.none()).render()).contains("The store is unavailable");
                Thread.sleep(15_000);
            } finally {
                postgres.start();
            }
            Thread.sleep(2000);
            watcher.stop();
            loop.join(10_000);
            assertThat(state.storeProblem()).isNull();
            assertThat(new StatusPage(state, Secrets.none()).render()).doesNotContain("The store is unavailable");
            List<RunStore.RunRow> runs = store.runs(Instant.EPOCH);
            assertThat(made.get()).as("about two runs a second for 33 s").isGreaterThan(50);
            assertThat(runs).as("every run, the buffered ones too, once").hasSize(made.get());
            assertThat(runs.stream().map(RunStore.RunRow::startedAt).distinct()).hasSize(made.get());
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("the store refused the run")
                .contains("the store is back; every buffered run is written").doesNotContain(RealServers.Postgres.PASSWORD);
    }

    @Test
    void retentionDeletesOldRunsWithTheirChecksInPostgresAndSqlite() throws Exception {
        postgres.createDatabase("retention");
        RunResult run = Runs.run("services: { api: { url: \"%s\", checks: { health: { http: /ok }, ready: { http: /ok } } } }"
                .formatted(server.url("")));
        SavedReport saved = SavedReport.from(JsonReport.tree(new ReportInput(run, Diagnoser.diagnose(run), Secrets.none(),
                RunContext.NONE, Optional.empty())), "test");
        Instant now = Instant.now();
        for (String location : List.of(url("retention", true), "sqlite:" + dir.resolve("retention.db"))) {
            try (RunStore store = RunStore.open(location, true)) {
                for (Duration age : List.of(Duration.ofDays(40), Duration.ofDays(31), Duration.ofDays(10), Duration.ZERO)) {
                    store.record(aged(saved, now.minus(age)), 10, 10, 0, "sha");
                }
                assertThat(store.prune(now.minus(Duration.ofDays(30)))).as(location).isEqualTo(2);
                assertThat(store.runs(Instant.EPOCH)).as(location).hasSize(2);
                assertThat(store.checks(Instant.EPOCH, null)).as(location).hasSize(4);
            }
        }
        // the checks of the deleted runs went with them (foreign keys), not only out of the join
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("retention.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM checks")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(4);
        }
    }

    private static SavedReport aged(SavedReport r, Instant startedAt) {
        return new SavedReport(r.source(), r.verdict(), r.environment(), startedAt.toString(), r.command(), r.checks(), r.rootCauses());
    }
}
