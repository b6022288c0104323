package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.RunResult;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import dev.greenlight.report.SavedReport;
import dev.greenlight.store.RunStore;
import dev.greenlight.watch.OthersRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet's watchers read each other's runs from a real PostgreSQL, where a run with a smaller id can commit after a
 * run with a larger one: it is still read, once, and a watcher's own runs are never read as another's.
 */
class OthersRunsTest {

    private static RealServers.Postgres postgres;
    private static SavedReport report;

    @BeforeAll
    static void start() throws Exception {
        postgres = new RealServers.Postgres();
        postgres.createDatabase("others");
        RunResult run = Runs.run("""
                environment: staging
                services: { db: { checks: { port: { tcp: "127.0.0.1:%d" } } } }
                """.formatted(TestServer.closedPort()));
        report = SavedReport.from(JsonReport.tree(new ReportInput(run, Diagnoser.diagnose(run), Secrets.none(), RunContext.NONE,
                Optional.empty())), "test");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void theRunsOfAnotherEnvironmentOrAnotherConfigInTheSameStoreAreNotTheFleets() throws Exception {
        postgres.createDatabase("shared");
        String url = "postgresql://" + RealServers.Postgres.USER + ":" + RealServers.Postgres.PASSWORD + "@127.0.0.1:"
                + postgres.port + "/shared";
        // production is down; a staging watcher, a CI gate of another config and the fleet's other watcher share the store
        SavedReport stagingGo = new SavedReport("staging run", "GO", "staging", "2026-11-27T10:00:00Z", "", Map.of(), List.of());
        try (RunStore mine = RunStore.open(url, true); RunStore theirs = RunStore.open(url, false)) {
            OthersRuns production = new OthersRuns("production", "sha-prod");
            theirs.record(stagingGo, 10, 10, 0, "sha-staging");
            theirs.record(report("production"), 10, 10, 1, "sha-of-another-config");
            long peer = theirs.record(report("production"), 10, 10, 1, "sha-prod");

            assertThat(unseen(production, mine)).extracting(RunStore.SeenRun::id).containsExactly(peer);
        }
    }

    private static List<RunStore.SeenRun> unseen(OthersRuns others, RunStore store) throws Exception {
        List<RunStore.SeenRun> out = new java.util.ArrayList<>();
        assertThat(others.unseen(store, out::add)).isEqualTo(out.size());
        return out;
    }

    private static SavedReport report(String environment) {
        return new SavedReport("test", report.verdict(), environment, report.startedAt(), "", Map.of(), report.rootCauses());
    }

    @Test
    void aRunThatCommitsAfterALaterOneIsStillReadOnceAndOwnRunsNever() throws Exception {
        String url = "postgresql://" + RealServers.Postgres.USER + ":" + RealServers.Postgres.PASSWORD + "@127.0.0.1:"
                + postgres.port + "/others";
        try (RunStore mine = RunStore.open(url, true); RunStore theirs = RunStore.open(url, false);
             Connection slow = postgres.jdbc("others")) {
            OthersRuns others = new OthersRuns("staging", "sha");
            others.own(mine.record(report, 10, 10, 1, "sha"));
            long before = theirs.record(report, 10, 10, 1, "sha");
            assertThat(unseen(others, mine)).extracting(RunStore.SeenRun::id).containsExactly(before);

            slow.setAutoCommit(false); // a third watcher's run: its id is taken now, its write commits later
            long late;
            try (PreparedStatement insert = slow.prepareStatement("INSERT INTO runs (started_at, started_ms, environment, verdict, "
                    + "exit_code, duration_ms, decided_after_ms, command, config_sha256) VALUES ('2026-11-27T10:00:00Z', 0, "
                    + "'staging', 'NO-GO', 1, 10, 10, 'greenlight watch', 'sha') RETURNING id")) {
                try (ResultSet r = insert.executeQuery()) {
                    r.next();
                    late = r.getLong(1);
                }
            }
            long after = theirs.record(report, 10, 10, 1, "sha");
            assertThat(after).isGreaterThan(late);
            assertThat(unseen(others, mine)).extracting(RunStore.SeenRun::id).containsExactly(after);

            slow.commit();
            assertThat(unseen(others, mine)).extracting(RunStore.SeenRun::id).as("read although a larger id was read before")
                    .containsExactly(late);
            assertThat(unseen(others, mine)).as("each run once").isEmpty();
        }
    }
}
