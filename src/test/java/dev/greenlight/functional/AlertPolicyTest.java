package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.alert.AlertEvent;
import dev.greenlight.alert.AlertPolicy;
import dev.greenlight.config.AlertsConfig;
import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import dev.greenlight.report.SavedReport;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When a watcher tells, over runs made against real servers: thresholds, one alert per root cause with what fails
 * because of it folded in, reminders, maintenance windows, and silence on INCONCLUSIVE.
 */
class AlertPolicyTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();
    private static SavedReport go;
    private static SavedReport dbDown;
    private static SavedReport inconclusive;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @BeforeAll
    static void runs() throws Exception {
        int closed = TestServer.closedPort();
        go = saved(Runs.run("""
                environment: staging
                services:
                  db: { checks: { port: { tcp: "127.0.0.1:%1$d" } } }
                  api: { url: "%2$s", depends_on: [db], checks: { health: { http: /ok }, ready: { http: /ok } } }
                """.formatted(java.net.URI.create(server.url("")).getPort(), server.url(""))));
        // the database refuses: one root cause, and the api's two failing checks are cascades of it
        dbDown = saved(Runs.run("""
                environment: staging
                services:
                  db: { checks: { port: { tcp: "127.0.0.1:%1$d" }, again: { tcp: "127.0.0.1:%1$d" } } }
                  api: { url: "%2$s", depends_on: [db], checks: { health: { http: /unavailable }, ready: { http: /unavailable } } }
                """.formatted(closed, server.url(""))));
        inconclusive = saved(Runs.run("""
                environment: staging
                canary: "http://127.0.0.1:%1$d/"
                services:
                  db: { checks: { port: { tcp: "127.0.0.1:%1$d" } } }
                """.formatted(closed)));
        assertThat(List.of(go.verdict(), dbDown.verdict(), inconclusive.verdict()))
                .containsExactly(Verdict.GO.label(), Verdict.NO_GO.label(), Verdict.INCONCLUSIVE.label());
        assertThat(dbDown.rootCauses()).extracting(r -> r.service()).containsOnly("db");
    }

    private static SavedReport saved(RunResult run) throws Exception {
        return SavedReport.from(JsonReport.tree(new ReportInput(run, Diagnoser.diagnose(run), Secrets.none(), RunContext.NONE,
                Optional.empty())), "test");
    }

    private static AlertsConfig config(int failures, int successes, Duration remind, List<AlertsConfig.Maintenance> windows) {
        return new AlertsConfig(failures, successes, Optional.ofNullable(remind), windows, List.of());
    }

    /** Feeds {@code runs} one minute apart from T0; returns the events with the minute each came at. */
    private static List<String> feed(AlertPolicy policy, SavedReport... runs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < runs.length; i++) {
            for (AlertEvent e : policy.onRun(runs[i], T0.plus(Duration.ofMinutes(i)))) {
                out.add(i + ":" + e.kind() + ":" + e.service());
            }
        }
        return out;
    }

    @Test
    void anAlertSaysTheVersionItsServiceRunsAndKeepsItInReminders() throws Exception {
        SavedReport releaseDown = Runs.apiRelease(server, "/unavailable-release");
        AlertPolicy policy = new AlertPolicy(config(1, 1, Duration.ofMinutes(1), List.of()));

        List<AlertEvent> fired = policy.onRun(releaseDown, T0);
        List<AlertEvent> reminded = policy.onRun(releaseDown, T0.plus(Duration.ofMinutes(2)));

        assertThat(fired).singleElement().satisfies(e -> {
            assertThat(e.version()).isEqualTo("1.4.2");
            assertThat(e.summary()).contains("[staging] FIRING api 1.4.2: ");
        });
        assertThat(reminded).singleElement().satisfies(e -> assertThat(e.version()).isEqualTo("1.4.2"));
        assertThat(policy.onRun(dbDown, T0).get(0).version()).as("a root cause that said no version").isNull();
    }

    /** 1.4.1 was GO, 1.4.2 fails: the alert names the release that came between, the first thing to roll back. */
    @Test
    void anAlertNamesTheReleaseBetweenTheLastGoRunAndTheFailure() throws Exception {
        SavedReport wasGo = Runs.apiRelease(server, "/ok-release");
        SavedReport released = Runs.apiRelease(server, "/unavailable-release");
        AlertPolicy policy = new AlertPolicy(config(1, 1, null, List.of()));
        AlertPolicy neverGo = new AlertPolicy(config(1, 1, null, List.of()));

        policy.onRun(wasGo, T0);
        AlertEvent fired = policy.onRun(released, T0.plus(Duration.ofMinutes(1))).get(0);

        assertThat(fired.versionWhenGo()).isEqualTo("1.4.1");
        assertThat(fired.summary()).contains("FIRING api 1.4.2 (was 1.4.1 in the last GO run): ");
        assertThat(neverGo.onRun(released, T0).get(0).releasedSinceGo()).as("no GO run seen: nothing to compare").isFalse();
    }

    @Test
    void oneAlertPerRootCauseAfterTheThresholdWithItsCascadesFoldedInAndOneResolvedNotice() {
        AlertPolicy policy = new AlertPolicy(config(3, 2, null, List.of()));
        List<AlertEvent> fired = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fired.addAll(policy.onRun(dbDown, T0.plus(Duration.ofMinutes(i))));
        }
        assertThat(fired).hasSize(1); // two failing db checks and two failing api checks: one outage, one alert
        AlertEvent alert = fired.get(0);
        assertThat(alert.kind()).isEqualTo(AlertEvent.Kind.FIRING);
        assertThat(alert.service()).isEqualTo("db");
        assertThat(alert.runs()).isEqualTo(3);
        assertThat(alert.firstSeen()).isEqualTo(T0.toString());
        assertThat(alert.at()).isEqualTo(T0.plus(Duration.ofMinutes(2)).toString());
        assertThat(alert.cascades()).extracting(AlertEvent.Cascade::service).contains("api");
        assertThat(alert.summary()).contains("[staging] FIRING db: ").contains("3 runs in a row")
                .contains("fail because of it");

        List<AlertEvent> after = new ArrayList<>();
        after.addAll(policy.onRun(go, T0.plus(Duration.ofMinutes(5))));
        assertThat(after).isEmpty(); // one good run is not yet the end (success_threshold 2)
        after.addAll(policy.onRun(go, T0.plus(Duration.ofMinutes(6))));
        after.addAll(policy.onRun(go, T0.plus(Duration.ofMinutes(7))));
        assertThat(after).extracting(AlertEvent::kind).containsExactly(AlertEvent.Kind.RESOLVED);
        assertThat(after.get(0).fingerprint()).isEqualTo(alert.fingerprint());
        assertThat(policy.firing()).isEmpty();
    }

    @Test
    void anAlertOfAnotherEnvironmentResumedFromASharedStoreIsNeverResolvedByThisPlansHealthyRuns() {
        AlertPolicy production = new AlertPolicy(config(2, 1, null, List.of()));
        SavedReport productionDown = new SavedReport("test", dbDown.verdict(), "production", dbDown.startedAt(), "",
                dbDown.checks(), dbDown.rootCauses());
        List<AlertEvent> fired = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            fired.addAll(production.onRun(productionDown, T0.plus(Duration.ofMinutes(i))));
        }
        assertThat(fired).extracting(AlertEvent::kind).containsExactly(AlertEvent.Kind.FIRING);

        // a staging watch on the same store takes up the alerts it finds open: production's among them
        AlertPolicy staging = new AlertPolicy(config(2, 1, null, List.of()));
        staging.resume(fired, "staging");

        assertThat(feed(staging, go, go, go)).as("staging's GO says nothing of production's database").isEmpty();
        assertThat(staging.firing()).isEmpty();
        assertThat(feed(staging, dbDown, dbDown)).as("staging's own outage is its own").containsExactly("1:FIRING:db");
    }

    @Test
    void blipsShorterThanTheThresholdAndInconclusiveRunsTellNothing() {
        AlertPolicy policy = new AlertPolicy(config(3, 2, null, List.of()));
        // two NO-GOs, then the monitor loses its own network twice: that is neither more outage nor its end
        assertThat(feed(policy, dbDown, dbDown, go, dbDown, dbDown, inconclusive, inconclusive)).isEmpty();
        // the third NO-GO in a row (the INCONCLUSIVE runs in between count for nothing) fires
        assertThat(feed(policy, dbDown)).containsExactly("0:FIRING:db");
        // an INCONCLUSIVE run never resolves it either
        assertThat(feed(policy, inconclusive, inconclusive, inconclusive)).isEmpty();
        assertThat(policy.firing()).hasSize(1);
    }

    @Test
    void aFailureSeenFromOneLocationOnlyFiresAndSaysSoWhileWithoutLocationsTheInterleavedRunsNeverReachTheThreshold() {
        // a fleet in two places sharing the slots: eu-west sees the database down, us-east sees it up
        AlertPolicy unnamed = new AlertPolicy(config(2, 2, null, List.of()));
        assertThat(feed(unnamed, dbDown, go, dbDown, go, dbDown, go)).as("no locations: never two in a row").isEmpty();

        AlertPolicy policy = new AlertPolicy(config(2, 2, null, List.of()));
        List<AlertEvent> events = new ArrayList<>();
        String[] from = {"eu-west", "us-east"};
        SavedReport[] seen = {dbDown, go};
        for (int i = 0; i < 4; i++) {
            events.addAll(policy.onRun(seen[i % 2], T0.plus(Duration.ofMinutes(i)), from[i % 2]));
        }
        assertThat(events).hasSize(1);
        AlertEvent firing = events.get(0);
        assertThat(firing.kind()).isEqualTo(AlertEvent.Kind.FIRING);
        assertThat(firing.at()).as("eu-west's second failing run").isEqualTo(T0.plus(Duration.ofMinutes(2)).toString());
        assertThat(firing.seenFrom()).containsExactly("eu-west");
        assertThat(firing.upFrom()).containsExactly("us-east");
        assertThat(firing.summary()).contains("2 runs in a row").endsWith("; seen from eu-west only (up from us-east)");

        // eu-west recovers: resolved after its own two good runs (us-east's good runs alone do not end it)
        events.clear();
        events.addAll(policy.onRun(go, T0.plus(Duration.ofMinutes(4)), "us-east"));
        events.addAll(policy.onRun(go, T0.plus(Duration.ofMinutes(5)), "eu-west"));
        assertThat(events).isEmpty();
        events.addAll(policy.onRun(go, T0.plus(Duration.ofMinutes(6)), "eu-west"));
        assertThat(events).extracting(AlertEvent::kind).containsExactly(AlertEvent.Kind.RESOLVED);
        assertThat(events.get(0).summary()).doesNotContain("seen from");
    }

    @Test
    void aLocationWhoseWatchersLeftStopsHoldingTheAlertOpen() {
        AlertPolicy policy = new AlertPolicy(config(1, 2, null, List.of()));
        policy.forgetSilentLocationsAfter(Duration.ofMinutes(5));
        assertThat(policy.onRun(dbDown, T0, "eu-west")).extracting(AlertEvent::kind).containsExactly(AlertEvent.Kind.FIRING);
        // eu-west's watcher is gone; us-east keeps seeing the database up
        List<AlertEvent> events = new ArrayList<>();
        for (int minute = 1; minute <= 5; minute++) {
            events.addAll(policy.onRun(go, T0.plus(Duration.ofMinutes(minute)), "us-east"));
        }
        assertThat(events).as("eu-west last saw it 5 minutes ago or less: it still counts").isEmpty();
        events.addAll(policy.onRun(go, T0.plus(Duration.ofMinutes(6)), "us-east"));
        assertThat(events).extracting(AlertEvent::kind).containsExactly(AlertEvent.Kind.RESOLVED);
    }

    @Test
    void seenFromEveryLocationItSaysNothingAboutWhere() {
        AlertPolicy policy = new AlertPolicy(config(1, 1, null, List.of()));
        assertThat(policy.onRun(dbDown, T0, "eu-west")).singleElement().satisfies(e -> assertThat(e.where()).isEmpty());
        policy.onRun(dbDown, T0.plus(Duration.ofMinutes(1)), "us-east");
        assertThat(policy.firing()).hasSize(1);
    }

    @Test
    void aReminderComesEveryIntervalWhileTheRootCauseLasts() {
        AlertPolicy policy = new AlertPolicy(config(1, 1, Duration.ofMinutes(2), List.of()));
        assertThat(feed(policy, dbDown, dbDown, dbDown, dbDown, dbDown, go))
                .containsExactly("0:FIRING:db", "2:REMINDER:db", "4:REMINDER:db", "5:RESOLVED:db");
    }

    @Test
    void nothingNewIsAlertedInAMaintenanceWindowAndWhatOutlastsItFiresAfterwards() {
        // once: minutes 1 to 3 after T0
        AlertsConfig.Maintenance once = new AlertsConfig.Maintenance(T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(4)),
                Set.of(), null, null, null, "database upgrade");
        AlertPolicy policy = new AlertPolicy(config(2, 1, null, List.of(once)));
        assertThat(feed(policy, go, dbDown, dbDown, dbDown, dbDown)).containsExactly("4:FIRING:db");

        // a weekly window on T0's day (a Tuesday) covering T0, in another time zone
        AlertsConfig.Maintenance weekly = new AlertsConfig.Maintenance(null, null, Set.of(DayOfWeek.TUESDAY), LocalTime.of(10, 30),
                Duration.ofHours(1), ZoneId.of("Europe/Paris"), null); // 10:30-11:30 Paris = 09:30-10:30 UTC
        assertThat(weekly.covers(T0)).isTrue();
        assertThat(weekly.covers(T0.plus(Duration.ofMinutes(30)))).isFalse();
        assertThat(weekly.covers(T0.plus(Duration.ofDays(1)))).isFalse();
        assertThat(weekly.covers(T0.plus(Duration.ofDays(7)))).isTrue();
        AlertsConfig.Maintenance overnight = new AlertsConfig.Maintenance(null, null, Set.of(DayOfWeek.MONDAY), LocalTime.of(23, 0),
                Duration.ofHours(12), ZoneId.of("UTC"), null); // Monday 23:00 to Tuesday 11:00
        assertThat(overnight.covers(T0)).isTrue();
        AlertPolicy quiet = new AlertPolicy(config(1, 1, null, List.of(weekly)));
        assertThat(quiet.onRun(dbDown, T0)).isEmpty();
        assertThat(quiet.onRun(dbDown, T0.plus(Duration.ofMinutes(31)))).extracting(AlertEvent::kind)
                .containsExactly(AlertEvent.Kind.FIRING);
    }

    @Test
    void anAllClearIsSentEvenInAMaintenanceWindow() {
        AlertsConfig.Maintenance later = new AlertsConfig.Maintenance(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofHours(1)),
                Set.of(), null, null, null, null);
        AlertPolicy policy = new AlertPolicy(config(1, 1, Duration.ofMinutes(1), List.of(later)));
        // fires at 0, reminds at 1, silent in the window (no reminder), resolved in the window
        assertThat(feed(policy, dbDown, dbDown, dbDown, dbDown, go)).containsExactly("0:FIRING:db", "1:REMINDER:db", "4:RESOLVED:db");
    }
}
