package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.report.RunContext;
import dev.greenlight.watch.WatchMetrics;
import dev.greenlight.watch.WatchState;
import dev.greenlight.watch.Watcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What stands in front of a database or cache answers for it: pgbouncer answers a PostgreSQL startup itself and
 * twemproxy answers PING itself, whether the server behind them runs or not. Real pgbouncer, twemproxy, PostgreSQL
 * and Redis on loopback; "down" is a closed port behind the pooler or proxy.
 */
class PoolerAndProxyTest {

    private static RealServers.Postgres postgres;
    private static RealServers.Pgbouncer poolerOfLiveDatabase;
    private static RealServers.Pgbouncer poolerOfDeadDatabase;
    private static RealServers.Redis redis;
    private static RealServers.Twemproxy proxyOfLiveRedis;
    private static RealServers.Twemproxy proxyOfDeadRedis;

    @BeforeAll
    static void start() throws Exception {
        postgres = new RealServers.Postgres();
        poolerOfLiveDatabase = new RealServers.Pgbouncer(postgres.port);
        poolerOfDeadDatabase = new RealServers.Pgbouncer(TestServer.closedPort());
        redis = new RealServers.Redis(null);
        proxyOfLiveRedis = new RealServers.Twemproxy(redis.port);
        proxyOfDeadRedis = new RealServers.Twemproxy(TestServer.closedPort());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable server : new AutoCloseable[] {poolerOfLiveDatabase, poolerOfDeadDatabase, postgres,
                proxyOfLiveRedis, proxyOfDeadRedis, redis}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private static RunResult run(String probe) throws Exception {
        return Runs.oneProbe(probe, Map.of("PGPASSWORD", RealServers.Postgres.PASSWORD));
    }

    private static String login(int port) {
        return "postgres: { address: \"127.0.0.1:%d\", database: app, user: %s, password: \"${PGPASSWORD}\" }"
                .formatted(port, RealServers.Postgres.USER);
    }

    @Test
    void aPoolerInFrontOfADeadDatabaseIsNeverAPassWithoutALogin() throws Exception {
        RunResult run = run("postgres: \"127.0.0.1:" + poolerOfDeadDatabase.port + "\"");
        CheckResult c = run.checks().get(0);

        assertThat(c.signature()).isEqualTo(FailureSignature.POOLER_ANSWERED);
        assertThat(c.detail()).contains("give this check a login");
        // the database may be up or down: the check could not see it, which is not a NO-GO either
        assertThat(run.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(run.reasons()).anyMatch(r -> r.startsWith("db.it could not see its target (POOLER_ANSWERED)"));
    }

    @Test
    void aWatchSaysOnceThatACheckCannotSeeItsTargetSinceItsRunsAlertNoOne() throws Exception {
        RunResult blind = run("postgres: \"127.0.0.1:" + poolerOfDeadDatabase.port + "\"");
        RunResult seen = run(login(poolerOfLiveDatabase.port));
        Iterator<RunResult> runs = List.of(blind, blind, seen, blind).iterator();
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        new Watcher(runs::next, Secrets.none(), RunContext.NONE, Duration.ofMillis(1), Optional.empty(), new WatchMetrics(),
                new WatchState(60), null, 1, new PrintStream(log, true)).run(4);

        assertThat(log.toString().lines().filter(l -> l.contains("cannot see its target"))).singleElement()
                .satisfies(l -> assertThat(l).startsWith("watch: db.it cannot see its target (POOLER_ANSWERED): ")
                        .contains("give this check a login").endsWith("which alerts no one and calls no hook"));
        assertThat(log.toString().lines().filter(l -> l.startsWith("watch: run "))).hasSize(4);
    }

    @Test
    void aPoolerInFrontOfALiveDatabaseIsAlsoNotSeenThroughWithoutALogin() throws Exception {
        RunResult run = run("postgres: \"127.0.0.1:" + poolerOfLiveDatabase.port + "\"");

        assertThat(run.checks().get(0).signature()).isEqualTo(FailureSignature.POOLER_ANSWERED);
        assertThat(run.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aLoginThroughThePoolerSeesTheDatabaseUpOrDown() throws Exception {
        RunResult up = run(login(poolerOfLiveDatabase.port));
        RunResult down = run(login(poolerOfDeadDatabase.port));

        assertThat(up.verdict()).isEqualTo(Verdict.GO);
        assertThat(up.checks().get(0).observation().body()).isEqualTo("1");
        assertThat(down.checks().get(0).signature()).isEqualTo(FailureSignature.UPSTREAM_FAILED);
        assertThat(down.checks().get(0).detail()).contains("query_wait_timeout");
        assertThat(down.verdict()).isEqualTo(Verdict.NO_GO);
    }

    @Test
    void aPoolerFailureBesideARealOneIsNoGo() throws Exception {
        RunResult run = Runs.run("""
                timeout: 3s
                services:
                  db: { checks: { it: { postgres: "127.0.0.1:%d" } } }
                  cache: { checks: { it: { redis: "127.0.0.1:%d" } } }
                """.formatted(poolerOfDeadDatabase.port, proxyOfDeadRedis.port));

        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
    }

    @Test
    void aPoolerCheckNeitherCutsItsPhaseShortNorAbortsTheLaterPhases() throws Exception {
        try (TestServer api = new TestServer()) {
            // the pooler's answer comes first; the API's checks are slower, and the second phase fails
            RunResult run = Runs.run("""
                    timeout: 3s
                    services:
                      db: { checks: { reachable: { postgres: "127.0.0.1:%d" } } }
                      api: { url: "%s", checks: { health: { http: "/slow?ms=400" }, chat: { http: /unavailable } } }
                    phases:
                      - { name: infrastructure, checks: [db.reachable, api.health], min_pass_rate: 100%%, abort_on_miss: true }
                      - { name: golden-path, checks: [api.chat], min_pass_rate: 100%% }
                    """.formatted(poolerOfDeadDatabase.port, api.url("")), Map.of());

            assertThat(run.checks()).extracting(c -> c.check().id() + " " + c.signature()).containsExactlyInAnyOrder(
                    "db.reachable POOLER_ANSWERED", "api.health NONE", "api.chat HTTP_STATUS");
            assertThat(run.phases().get(0).status()).isEqualTo(dev.greenlight.plan.PhaseStatus.FAILED);
            assertThat(run.phases().get(0).reason()).endsWith("1 could not see its target");
            // the failure seen decides: never hidden behind what could not be seen
            assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        }
    }

    @Test
    void whatCouldNotBeSeenIsNoRootCauseOfWhatWasSeenFailing() throws Exception {
        try (TestServer api = new TestServer()) {
            String plan = """
                    timeout: 3s
                    services:
                      db: { checks: { reachable: { postgres: "127.0.0.1:%d" } } }
                      api: { url: "%s", depends_on: [db], checks: { health: { http: %s } } }
                    """;
            RunResult apiDown = Runs.run(plan.formatted(poolerOfDeadDatabase.port, api.url(""), "/unavailable"), Map.of());
            RunResult apiUp = Runs.run(plan.formatted(poolerOfDeadDatabase.port, api.url(""), "/ok"), Map.of());

            Diagnosis down = Diagnoser.diagnose(apiDown);
            // the API's own 503 is the root cause, not a cascade of a database no check could see
            assertThat(down.rootCauses()).extracting(Diagnosis.RootCause::service).containsExactly("api");
            assertThat(down.notes()).anyMatch(n -> n.startsWith("db.reachable could not see its target (POOLER_ANSWERED)"));
            // alone, it is what the diagnosis is about: the plan must change
            assertThat(Diagnoser.diagnose(apiUp).rootCauses()).extracting(Diagnosis.RootCause::service).containsExactly("db");
        }
    }

    @Test
    void aPoolerCheckIsNotProbedAgainForTheWholeSettleBudget() throws Exception {
        RunResult run = Runs.run("""
                timeout: 3s
                settle: 30s
                services:
                  db: { checks: { reachable: { postgres: "127.0.0.1:%d" } } }
                """.formatted(poolerOfDeadDatabase.port), Map.of());

        assertThat(run.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(run.checks().get(0).attempts()).as("the pooler answers the same a minute later").isEqualTo(1);
    }

    @Test
    void aRedisProxyAnsweringPingForADeadRedisFails() throws Exception {
        RunResult run = run("redis: \"127.0.0.1:" + proxyOfDeadRedis.port + "\"");
        CheckResult c = run.checks().get(0);

        assertThat(c.signature()).isEqualTo(FailureSignature.UPSTREAM_FAILED);
        assertThat(c.detail()).startsWith("PONG, but a read of a key was answered").contains("Connection refused");
        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
    }

    @Test
    void aRedisProxyInFrontOfALiveRedisPasses() throws Exception {
        CheckResult c = run("redis: \"127.0.0.1:" + proxyOfLiveRedis.port + "\"").checks().get(0);

        assertThat(c.passed()).isTrue();
        assertThat(c.detail()).startsWith("PONG");
    }

    @Test
    void aDatabaseShuttingDownIsNotAcceptingConnections() throws Exception {
        try (RealServers.Postgres closing = new RealServers.Postgres()) {
            Connection session = closing.jdbc("app"); // a smart shutdown waits for it, turning others away
            try {
                closing.beginShutdown();
                CheckResult c = null;
                for (int i = 0; i < 50; i++) { // pg_ctl signals the server; it stops accepting a moment later
                    c = run("postgres: \"127.0.0.1:" + closing.port + "\"").checks().get(0);
                    if (!c.passed()) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(c.signature()).isEqualTo(FailureSignature.NOT_ACCEPTING);
                assertThat(c.detail()).contains("shutting down").contains("57P03");
                assertThat(run(login(closing.port)).checks().get(0).signature()).isEqualTo(FailureSignature.NOT_ACCEPTING);
            } finally {
                session.close();
            }
        }
    }
}
