package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.Secrets;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import dev.greenlight.store.RunStore;
import dev.greenlight.watch.StatusPage;
import dev.greenlight.watch.WatchMetrics;
import dev.greenlight.watch.WatchState;
import dev.greenlight.watch.Watcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The watch loop over real runs: the hook once per incident, never for INCONCLUSIVE; runs the store refused are kept. */
class WatcherTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();
    private static RunResult go;
    private static RunResult noGo;
    private static RunResult inconclusive;

    @TempDir
    Path dir;

    @BeforeAll
    static void runs() throws Exception {
        go = Runs.run("services: { api: { url: \"%s\", checks: { health: { http: /ok } } } }".formatted(server.url("")));
        noGo = Runs.run("services: { api: { url: \"%s\", checks: { health: { http: /unavailable } } } }".formatted(server.url("")));
        inconclusive = Runs.run("""
                canary: "http://127.0.0.1:%d/"
                services: { api: { url: "%s", checks: { health: { http: /ok } } } }
                """.formatted(TestServer.closedPort(), server.url("")));
        assertThat(List.of(go.verdict(), noGo.verdict(), inconclusive.verdict()))
                .containsExactly(Verdict.GO, Verdict.NO_GO, Verdict.INCONCLUSIVE);
    }

    private static Watcher watcher(List<RunResult> sequence, Optional<RunStore> store, WatchState state, List<ReportInput> calls,
                                   ByteArrayOutputStream log) {
        Iterator<RunResult> next = sequence.iterator();
        return new Watcher(next::next, Secrets.none(), RunContext.NONE, Duration.ofMillis(1), store, new WatchMetrics(), state,
                in -> {
                    calls.add(in);
                    return new RunStore.HookCall("on_no_go: ./rollback.sh", "exited 0", 0, true, 5, "rolled back " + calls.size() + "\n");
                }, 2, new PrintStream(log, true));
    }

    @Test
    void aServiceThatSaysAnotherVersionIsLoggedAsARelease() throws Exception {
        RunResult before = Runs.run("services: { api: { url: \"%s\", checks: { health: { http: /ok-release } } } }".formatted(server.url("")));
        RunResult after = Runs.run("services: { api: { url: \"%s\", checks: { health: { http: /unavailable-release } } } }"
                .formatted(server.url("")));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<RunResult> sequence = List.of(before, before, after, go, after);

        watcher(sequence, Optional.empty(), new WatchState(60), new ArrayList<>(), log).run(sequence.size());

        assertThat(log.toString().lines().filter(l -> l.startsWith("watch: release: ")))
                .as("a run that says no version (go) is not a release").containsExactly("watch: release: api 1.4.1 -> 1.4.2");
    }

    /**
     * A watcher given {@code expected_version} 1.4.2, over a real server redeployed between its runs as {@code deploys}
     * says (run n answers with deploys[n]); its rollback hook comes due after one NO-GO.
     */
    private Watcher releasesWatcher(List<String> deploys, Optional<RunStore> store, List<Verdict> verdicts,
                                    List<ReportInput> calls, ByteArrayOutputStream log) throws Exception {
        dev.greenlight.plan.Plan plan = Runs.plan(("services: { api: { url: \"%s\", expected_version: 1.4.2, checks: { health: "
                + "{ http: /deployed } } } }").formatted(server.url("")), java.util.Map.of());
        Iterator<String> next = deploys.iterator();
        java.util.function.Function<java.util.Set<String>, RunResult> run = released -> {
            server.deploy(next.next());
            RunResult result = Runs.run(plan.releasing(released));
            verdicts.add(result.verdict());
            return result;
        };
        Watcher watcher = new Watcher(() -> run.apply(java.util.Set.of()), Secrets.none(), RunContext.NONE, Duration.ofMillis(1),
                store, new WatchMetrics(), new WatchState(60), in -> {
                    calls.add(in);
                    return new RunStore.HookCall("on_no_go: ./rollback.sh", "exited 0", 0, true, 5, "rolled back\n");
                }, 1, new PrintStream(log, true));
        watcher.followReleases(run, plan.environment(), plan.expectedVersions());
        return watcher;
    }

    @Test
    void aReleaseAfterTheExpectedVersionRanIsFollowedNotRolledBack() throws Exception {
        List<Verdict> verdicts = new ArrayList<>();
        List<ReportInput> calls = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        releasesWatcher(List.of("1.4.2", "1.4.3", "1.4.3"), Optional.empty(), verdicts, calls, log).run(3);

        // the next deploy while the watcher runs is not "the previous release still answering"
        assertThat(verdicts).containsExactly(Verdict.GO, Verdict.GO, Verdict.GO);
        assertThat(calls).as("no rollback of a healthy new release").isEmpty();
        assertThat(log.toString()).contains("watch: api runs its expected_version 1.4.2")
                .contains("watch: release: api 1.4.2 -> 1.4.3");
    }

    @Test
    void untilTheExpectedVersionRunsThePreviousReleaseAnsweringFails() throws Exception {
        List<Verdict> verdicts = new ArrayList<>();
        List<ReportInput> calls = new ArrayList<>();

        releasesWatcher(List.of("1.4.1", "1.4.1", "1.4.2"), Optional.empty(), verdicts, calls, new ByteArrayOutputStream()).run(3);

        assertThat(verdicts).containsExactly(Verdict.NO_GO, Verdict.NO_GO, Verdict.GO);
        assertThat(calls).hasSize(1);
    }

    @Test
    void aWatcherStartedAgainTakesTheConfirmationFromTheStoresLastGoRun() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("releases.db"), true)) {
            releasesWatcher(List.of("1.4.2"), Optional.of(store), new ArrayList<>(), new ArrayList<>(), new ByteArrayOutputStream())
                    .run(1);
            List<Verdict> verdicts = new ArrayList<>();
            List<ReportInput> calls = new ArrayList<>();
            ByteArrayOutputStream log = new ByteArrayOutputStream();

            // restarted with the same expected_version after the next deploy
            releasesWatcher(List.of("1.4.3"), Optional.of(store), verdicts, calls, log).run(1);

            assertThat(verdicts).containsExactly(Verdict.GO);
            assertThat(calls).isEmpty();
            assertThat(log.toString()).contains("api ran its expected_version 1.4.2 in the last GO run in the store")
                    .contains("watch: release: api 1.4.2 -> 1.4.3");
        }
    }

    @Test
    void theHookIsCalledOncePerIncidentAfterTwoNoGosInARowAndNeverForInconclusive() throws Exception {
        List<ReportInput> calls = new ArrayList<>();
        List<RunResult> sequence = List.of(go, noGo, inconclusive, noGo, noGo, noGo, go, noGo, inconclusive, inconclusive, go, noGo, noGo);

        int made = watcher(sequence, Optional.empty(), new WatchState(60), calls, new ByteArrayOutputStream()).run(sequence.size());

        assertThat(made).isEqualTo(sequence.size());
        // incident 1: NO-GO, INCONCLUSIVE (neither counts nor ends it), NO-GO -> called; more NO-GO -> not again
        // then GO ends it; NO-GO, INCONCLUSIVE x2, GO: one NO-GO only; then NO-GO, NO-GO -> called
        assertThat(calls).hasSize(2);
        assertThat(calls).allMatch(c -> c.run().verdict() == Verdict.NO_GO);
    }

    @Test
    void theHookCallIsRecordedBesideTheRunThatMadeTheIncidentAndEachRunWithItsLocation() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("hooks.db"), true)) {
            List<RunResult> sequence = List.of(go, noGo, noGo, noGo);

            WatchState state = new WatchState(60);
            Watcher watcher = watcher(sequence, Optional.of(store), state, new ArrayList<>(), new ByteArrayOutputStream());
            watcher.location("eu-west");
            watcher.run(sequence.size());
            String page = new StatusPage(state, Secrets.none()).render();
            assertThat(page).contains("runs from <b id=\"location\">eu-west</b>")
                    .contains("<p id=\"hook\">last called ").contains("on_no_go: ./rollback.sh: exited 0 after 5 ms");

            List<RunStore.RunRow> runs = store.runs(Instant.EPOCH);
            assertThat(runs).extracting(RunStore.RunRow::verdict).containsExactly("GO", "NO-GO", "NO-GO", "NO-GO");
            assertThat(store.hookCalls(Instant.EPOCH)).singleElement().satisfies(c -> {
                assertThat(c.runId()).as("the second NO-GO in a row").isEqualTo(runs.get(2).id());
                assertThat(c.call().outcome()).isEqualTo("exited 0");
                assertThat(c.call().output()).isEqualTo("rolled back 1\n");
            });
            assertThat(store.runsAfter(0, runs.get(0).environment(), "", 100)).as("where each run was made from, for the fleet's other watchers")
                    .extracting(RunStore.SeenRun::location).containsOnly("eu-west").hasSize(4);
        }
    }

    @Test
    void runsTheStoreRefusedAreWrittenWhenItComesBack() throws Exception {
        Path db = dir.resolve("greenlight.db");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        WatchState state = new WatchState(60);
        System.setProperty("greenlight.store.busy_timeout_ms", "200");
        try (RunStore store = RunStore.open("sqlite:" + db, true);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Watcher watcher = watcher(List.of(noGo, go), Optional.of(store), state, new ArrayList<>(), log);
            Statement lock = other.createStatement();
            lock.execute("BEGIN EXCLUSIVE"); // another writer holds the file: the watcher's writes fail after busy_timeout
            watcher.run(1);
            assertThat(state.storeProblem()).as("the page says the store is unavailable").isNotNull();
            assertThat(log.toString()).contains("the store refused the run (1 buffered)");
            lock.execute("ROLLBACK");

            watcher.run(1);

            assertThat(state.storeProblem()).isNull();
            assertThat(log.toString()).contains("the store is back; every buffered run is written");
            assertThat(store.runs(Instant.EPOCH)).extracting(RunStore.RunRow::verdict).containsExactlyInAnyOrder("NO-GO", "GO");
        } finally {
            System.clearProperty("greenlight.store.busy_timeout_ms");
        }
    }
}
