package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.Secrets;
import dev.greenlight.plan.RunResult;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.SavedReport;
import dev.greenlight.store.History;
import dev.greenlight.store.RunStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs recorded in a real SQLite file (schema by Flyway), read back as uptime, time to recover and flapping. */
class HistoryTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    @TempDir
    Path dir;

    private static SavedReport run(String apiPath) throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: "%s", checks: { health: { http: "%s" } } }
                  web: { url: "%s", checks: { home: { http: /ok } } }
                """.formatted(server.url(""), apiPath, server.url("")));
        return SavedReport.from(JsonReport.tree(ReportInput.of(run, Secrets.none())), "run");
    }

    private static void record(RunStore store, SavedReport run) throws Exception {
        store.record(run, 10, 5, run.verdict().equals("GO") ? 0 : 1, "abc");
    }

    @Test
    void uptimeTimeToRecoverAndFlappingComeFromTheRecordedRuns() throws Exception {
        Path db = dir.resolve("greenlight.db");
        try (RunStore store = RunStore.open("sqlite:" + db, true)) {
            for (String path : new String[] {"/ok", "/unavailable", "/unavailable", "/ok", "/unavailable", "/ok"}) {
                record(store, run(path));
                Thread.sleep(5); // distinct start times
            }
        }
        History history;
        try (RunStore reopened = RunStore.open("sqlite:" + db, false)) {
            history = History.of(reopened.runs(Instant.now().minus(Duration.ofHours(1))),
                    reopened.checks(Instant.now().minus(Duration.ofHours(1)), null));
        }

        assertThat(history.runs()).isEqualTo(6);
        History.ServiceHistory api = history.services().get("api");
        assertThat(api.runs()).isEqualTo(6);
        assertThat(api.up()).isEqualTo(3);
        assertThat(api.uptime()).isEqualTo(0.5);
        assertThat(api.recoveries()).hasSize(2);
        assertThat(api.transitions()).isEqualTo(4);
        assertThat(api.flapping()).isTrue();
        assertThat(api.downSince()).isNull();
        assertThat(api.mttr()).isPositive();
        History.ServiceHistory web = history.services().get("web");
        assertThat(web.uptime()).isEqualTo(1.0);
        assertThat(web.flapping()).isFalse();
        assertThat(history.slowest()).extracting(History.CheckLatency::checkId).contains("web.home", "api.health");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet r = c.createStatement().executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank")) {
            java.util.List<String> versions = new java.util.ArrayList<>();
            while (r.next()) {
                versions.add(r.getString(1));
            }
            assertThat(versions).as("the schema was migrated by Flyway: runs, alerts, leases, leaner checks, hook calls, locations, alert "
                    + "claims, service versions").containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        }
    }

    @Test
    void aServiceDownInTheLastRunIsDownSinceItsFirstFailingRun() throws Exception {
        Path db = dir.resolve("down.db");
        SavedReport up = run("/ok");
        Thread.sleep(5);
        SavedReport firstDown = run("/unavailable");
        Thread.sleep(5);
        SavedReport stillDown = run("/unavailable");
        try (RunStore store = RunStore.open("sqlite:" + db, true)) {
            record(store, up);
            record(store, firstDown);
            record(store, stillDown);
            History history = History.of(store.runs(Instant.EPOCH), store.checks(Instant.EPOCH, "api"));

            assertThat(history.services()).containsOnlyKeys("api");
            assertThat(history.services().get("api").downSince()).isEqualTo(Instant.parse(firstDown.startedAt()));
            assertThat(history.services().get("api").mttr()).as("it has not recovered").isNull();
        }
    }

    /** api 1.4.1 up twice, then 1.4.2 down: history names the release and that the service went down with it. */
    @Test
    void aReleaseIsNamedWithWhetherTheServiceWentDownWithIt() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("releases.db"), true)) {
            SavedReport release = null;
            for (String path : new String[] {"/ok-release", "/ok-release", "/unavailable-release", "/unavailable-release"}) {
                SavedReport run = run(path);
                release = release == null && path.startsWith("/unavailable") ? run : release;
                record(store, run);
                Thread.sleep(5);
            }
            RunStore.Scope all = RunStore.Scope.since(Instant.EPOCH);
            History history = History.of(store.runs(all), store.checks(all, null), store.versions(all));

            assertThat(history.releases()).containsExactly(
                    new History.Release("api", "1.4.1", "1.4.2", Instant.parse(release.startedAt()), true));
        }
    }

    /** A fleet in two places: eu-west cannot reach the api, us-east can; interleaved, the api looks like it flaps. */
    @Test
    void eachLocationHasItsOwnHistoryAndTheFleetsRunsAreCountedPerLocation() throws Exception {
        Path db = dir.resolve("fleet.db");
        try (RunStore store = RunStore.open("sqlite:" + db, true)) {
            for (int i = 0; i < 3; i++) {
                SavedReport down = run("/unavailable");
                store.record(down, 10, 5, 1, "abc", "eu-west");
                Thread.sleep(5);
                SavedReport up = run("/ok");
                store.record(up, 10, 5, 0, "abc", "us-east");
                Thread.sleep(5);
            }
            store.record(run("/ok"), 10, 5, 0, "abc"); // a verify --store run: no location
            History all = History.of(store.runs(Instant.EPOCH), store.checks(Instant.EPOCH, "api"));
            RunStore.Scope euWest = new RunStore.Scope(Instant.EPOCH, null, "eu-west");
            RunStore.Scope usEast = new RunStore.Scope(Instant.EPOCH, null, "us-east");
            History eu = History.of(store.runs(euWest), store.checks(euWest, "api"));
            History us = History.of(store.runs(usEast), store.checks(usEast, null));

            assertThat(all.runs()).isEqualTo(7);
            assertThat(all.locations()).containsExactly(java.util.Map.entry("eu-west", 3), java.util.Map.entry("us-east", 3));
            assertThat(all.services().get("api").flapping()).as("interleaved, the places look like flapping").isTrue();
            assertThat(eu.runs()).isEqualTo(3);
            assertThat(eu.services().get("api").uptime()).isZero();
            assertThat(eu.services().get("api").flapping()).isFalse();
            assertThat(eu.services().get("api").downSince()).isNotNull();
            assertThat(us.services().get("api").uptime()).isEqualTo(1.0);
            assertThat(us.services()).containsKeys("api", "web");
        }
    }

    /** One store for staging and production: staging's api is down, production's is up; interleaved, one api would flap. */
    @Test
    void eachEnvironmentOfASharedStoreHasItsOwnHistory() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("shared.db"), true)) {
            for (int i = 0; i < 3; i++) {
                record(store, in("staging", run("/unavailable")));
                Thread.sleep(5);
                record(store, in("production", run("/ok")));
                Thread.sleep(5);
            }
            History both = History.of(store.runs(Instant.EPOCH), store.checks(Instant.EPOCH, null));
            RunStore.Scope production = new RunStore.Scope(Instant.EPOCH, "production", null);
            History one = History.of(store.runs(production), store.checks(production, null));

            assertThat(both.environments()).containsExactly(java.util.Map.entry("production", 3), java.util.Map.entry("staging", 3));
            assertThat(both.services()).containsOnlyKeys("production/api", "production/web", "staging/api", "staging/web");
            assertThat(both.services().get("staging/api").uptime()).isZero();
            assertThat(both.services().get("staging/api").flapping()).isFalse();
            assertThat(both.services().get("production/api").uptime()).isEqualTo(1.0);
            assertThat(both.slowest()).extracting(History.CheckLatency::checkId).contains("production/web.home");
            assertThat(one.runs()).isEqualTo(3);
            assertThat(one.services()).containsOnlyKeys("api", "web");
            assertThat(one.services().get("api").uptime()).isEqualTo(1.0);
        }
    }

    private static SavedReport in(String environment, SavedReport run) {
        return new SavedReport(run.source(), run.verdict(), environment, run.startedAt(), run.command(), run.checks(), run.rootCauses());
    }
}
