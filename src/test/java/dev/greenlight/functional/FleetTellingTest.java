package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.alert.AlertEvent;
import dev.greenlight.alert.Alerter;
import dev.greenlight.alert.Channel;
import dev.greenlight.alert.Outbox;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.config.GreenlightConfig;
import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import dev.greenlight.report.SavedReport;
import dev.greenlight.store.RunStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a fleet, a watcher whose own run crosses a threshold tells it; the others count that run and leave it to it. A
 * watcher that recorded its run and stopped before telling would lose the alert for the whole fleet: a peer that
 * decided the same on that run tells it once the store still does not show it told, and never tells it twice.
 */
class FleetTellingTest {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final TestServer server = TestServer.forTheClass();
    @TempDir
    Path dir;
    private static GreenlightConfig config;
    private static SavedReport dbDown;
    private static SavedReport healthy;
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final AtomicLong runIds = new AtomicLong(1000);

    @BeforeAll
    static void runs() throws Exception {
        int closed = TestServer.closedPort();
        config = new ConfigLoader(Map.<String, String>of()::get).parse("greenlight.yaml", """
                environment: staging
                services: { db: { checks: { port: { tcp: "127.0.0.1:%d" } } } }
                alerts:
                  failure_threshold: 2
                  success_threshold: 1
                  send: [ { webhook: "http://127.0.0.1:%d/hook" } ]
                """.formatted(closed, closed));
        dbDown = saved(Runs.run("""
                environment: staging
                services: { db: { checks: { port: { tcp: "127.0.0.1:%d" } } } }
                """.formatted(closed)));
        healthy = saved(Runs.run("""
                environment: staging
                services: { db: { checks: { port: { tcp: "127.0.0.1:%d" } } } }
                """.formatted(java.net.URI.create(server.url("")).getPort())));
        assertThat(dbDown.rootCauses()).isNotEmpty();
        assertThat(healthy.rootCauses()).isEmpty();
    }

    private static SavedReport saved(RunResult run) throws Exception {
        return SavedReport.from(JsonReport.tree(new ReportInput(run, Diagnoser.diagnose(run), Secrets.none(), RunContext.NONE,
                Optional.empty())), "test");
    }

    /** {@code report} as another watcher's run reads from the store. */
    private RunStore.SeenRun seen(SavedReport report, int minute) {
        List<String[]> causes = new ArrayList<>();
        report.rootCauses().forEach(r -> causes.add(new String[] {r.service(), r.signature(),
                r.classification().name().toLowerCase(java.util.Locale.ROOT)}));
        return new RunStore.SeenRun(runIds.incrementAndGet(), at(minute), "staging", report.verdict(), causes, null);
    }

    private static Instant at(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    private static List<AlertEvent.Kind> kinds(List<AlertEvent> events) {
        return events.stream().map(AlertEvent::kind).toList();
    }

    private Alerter alerter(RunStore store) {
        return alerter(store, new ByteArrayOutputStream());
    }

    private Alerter alerter(RunStore store, ByteArrayOutputStream said) {
        PrintStream log = new PrintStream(said, true, StandardCharsets.UTF_8);
        return new Alerter(config.alerts(), Optional.of(store), Clock.systemUTC(), new Outbox.Listener() {
            @Override
            public void delivered(Channel channel, AlertEvent event, int attempts) {
            }

            @Override
            public void failed(Channel channel, AlertEvent event, int attempts, String error, Duration retryIn) {
            }
        }, log, Secrets.none(), new HttpTransport());
    }

    /** A watch restarted after the last GO run (1.4.1) still names the release when 1.4.2 fails: the store kept it. */
    @Test
    void aRestartedWatchNamesTheReleaseSinceTheLastGoRunInTheStore() throws Exception {
        SavedReport wasGo = Runs.apiRelease(server, "/ok-release");
        SavedReport released = Runs.apiRelease(server, "/unavailable-release");
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("restart.db"), true)) {
            store.record(wasGo, 10, 5, 0, "sha"); // the earlier watch's last run
            try (Alerter restarted = alerter(store)) {
                assertThat(restarted.onRun(released, at(1))).isEmpty(); // failure_threshold 2
                List<AlertEvent> fired = restarted.onRun(released, at(2));

                assertThat(fired).singleElement().satisfies(e -> assertThat(e.summary()).contains("api 1.4.2 (was 1.4.1 in the last GO run)"));
            }
        }
    }

    @Test
    void aFiringDecidedOnTheRunOfAWatcherThatStoppedBeforeTellingIsToldByAPeer() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("fleet.db"), true); Alerter peer = alerter(store)) {
            assertThat(peer.onRun(dbDown, at(0))).isEmpty();
            peer.observe(seen(dbDown, 1)); // the second failure in a row: its watcher stopped before telling it
            assertThat(peer.onRun(dbDown, at(2))).as("its watcher had no time to tell it yet").isEmpty();

            assertThat(kinds(peer.onRun(dbDown, at(3)))).containsExactly(AlertEvent.Kind.FIRING);
            assertThat(store.openAlerts()).hasSize(1);
            assertThat(peer.onRun(dbDown, at(4))).isEmpty();
        }
    }

    @Test
    void whatItsWatcherToldIsNotToldAgain() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("fleet.db"), true);
             Alerter teller = alerter(store); Alerter peer = alerter(store)) {
            assertThat(peer.onRun(dbDown, at(0))).isEmpty();
            teller.observe(seen(dbDown, 0));
            assertThat(kinds(teller.onRun(dbDown, at(1)))).containsExactly(AlertEvent.Kind.FIRING);
            peer.observe(seen(dbDown, 1));

            assertThat(peer.onRun(dbDown, at(2))).isEmpty();
            assertThat(peer.onRun(dbDown, at(3))).isEmpty();
            assertThat(store.openAlerts()).hasSize(1);
        }
    }

    @Test
    void whatIsDecidedOnTheHistoryReadWhenAWatcherJoinsIsNotToldFromIt() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("fleet.db"), true); Alerter joining = alerter(store)) {
            joining.observe(seen(dbDown, 0), true); // a failure of long ago, before alerts were configured
            joining.observe(seen(dbDown, 1), true);

            assertThat(joining.onRun(dbDown, at(2))).isEmpty();
            assertThat(joining.onRun(dbDown, at(3))).isEmpty();
            assertThat(store.openAlerts()).isEmpty();
        }
    }

    @Test
    void aResolvedDecidedOnTheRunOfAWatcherThatStoppedBeforeTellingIsToldByAPeer() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("fleet.db"), true); Alerter peer = alerter(store)) {
            peer.onRun(dbDown, at(0));
            assertThat(kinds(peer.onRun(dbDown, at(1)))).containsExactly(AlertEvent.Kind.FIRING);
            peer.observe(seen(healthy, 2)); // the outage is over: its watcher stopped before telling it
            assertThat(peer.onRun(healthy, at(3))).isEmpty();

            assertThat(kinds(peer.onRun(healthy, at(4)))).containsExactly(AlertEvent.Kind.RESOLVED);
            assertThat(store.openAlerts()).isEmpty();
        }
    }

    @Test
    void aWatchOfAnotherEnvironmentOnTheSameStoreNeitherTakesUpNorResolvesItsAlerts() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("shared.db"), true)) {
            try (Alerter production = alerter(store)) {
                production.onRun(in("production", dbDown), at(0));
                assertThat(kinds(production.onRun(in("production", dbDown), at(1)))).containsExactly(AlertEvent.Kind.FIRING);
            }
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            try (Alerter staging = alerter(store, said)) {
                assertThat(staging.onRun(healthy, at(2))).isEmpty();
                assertThat(said.toString(StandardCharsets.UTF_8)).as("production's alert is not staging's to take up")
                        .doesNotContain("still firing");
                assertThat(staging.onRun(healthy, at(3))).as("no RESOLVED for production's outage").isEmpty();
                assertThat(staging.firing()).as("not staging's to show").isEmpty();
            }
            assertThat(store.openAlerts()).hasSize(1);
            ByteArrayOutputStream saidAgain = new ByteArrayOutputStream();
            try (Alerter productionAgain = alerter(store, saidAgain)) {
                assertThat(productionAgain.onRun(in("production", dbDown), at(4))).as("taken up, not told again").isEmpty();
                assertThat(saidAgain.toString(StandardCharsets.UTF_8)).contains("1 alert(s) still firing from an earlier watch");
                assertThat(productionAgain.firing()).extracting(AlertEvent::environment).containsExactly("production");
            }
        }
    }

    private static SavedReport in(String environment, SavedReport run) {
        return new SavedReport(run.source(), run.verdict(), environment, run.startedAt(), run.command(), run.checks(), run.rootCauses());
    }
}
