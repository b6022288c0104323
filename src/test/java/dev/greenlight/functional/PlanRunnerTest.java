package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.PhaseStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whole runs against real servers on loopback: verdicts, fail fast, retries, settle, concurrency. */
class PlanRunnerTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    @Test
    void everyCheckPassingIsGo() throws Exception {
        RunResult run = Runs.run("""
                services:
                  backend:
                    url: %s
                    checks:
                      health: { http: /ok, expect: ["[STATUS] == 200", "[BODY].status == healthy", "[RESPONSE_TIME] < 5s"] }
                      redirected: { http: /redirect-once }
                """.formatted(server.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.GO);
        assertThat(run.exitCode()).isZero();
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
        assertThat(run.checks().get(0).conditions()).extracting(c -> c.actual()).containsExactly("200", "healthy",
                run.checks().get(0).conditions().get(2).actual());
    }

    /** A plan of {@code settings} and one service, the test server, with {@code n} checks c0, c1..., each {@code check}. */
    private static RunResult runChecks(String settings, int n, String check) throws Exception {
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < n; i++) {
            checks.append("      c").append(i).append(": ").append(check).append('\n');
        }
        return Runs.run(settings + """
                services:
                  backend:
                    url: %s
                    checks:
                %s""".formatted(server.url(""), checks));
    }

    @Test
    void theLongestTimeoutsTimesTheWavesOfALargePlanAreRunNotOverflowed() throws Exception {
        // 3650d, retried 10 times, in 40 waves of one: its hard deadline is past what a long holds in nanoseconds
        RunResult run = runChecks("timeout: 3650d\nconcurrency: 1\n", 40, "{ http: /ok, retries: 10 }");

        assertThat(run.verdict()).isEqualTo(Verdict.GO);
        assertThat(run.checks()).hasSize(40).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
    }

    @Test
    void aFailedCheckInAFullBarPhaseIsNoGoWithTheActualValue() throws Exception {
        RunResult run = Runs.run("""
                services:
                  backend:
                    url: %s
                    checks:
                      health: { http: /unavailable, expect: ["[STATUS] == 200"] }
                      other: { http: /ok }
                phases:
                  - { name: infrastructure, checks: [backend] }
                """.formatted(server.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        assertThat(run.exitCode()).isEqualTo(1);
        CheckResult health = run.checks().get(0);
        assertThat(health.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(health.signature()).isEqualTo(FailureSignature.HTTP_STATUS);
        assertThat(health.conditions().get(0).actual()).isEqualTo("503");
        assertThat(run.reasons()).anyMatch(r -> r.contains("'infrastructure'") && r.contains("1/2 passed"));
    }

    @Test
    void abortOnMissSkipsLaterPhasesAndNeverPassesThem() throws Exception {
        try (TestServer fresh = new TestServer()) {
            abortOnMissSkipsLaterPhases(fresh);
        }
    }

    private static void abortOnMissSkipsLaterPhases(TestServer fresh) throws Exception {
        RunResult run = Runs.run("""
                services:
                  db: { checks: { reachable: { tcp: "127.0.0.1:%d" } } }
                  backend: { url: %s, checks: { health: { http: /ok } } }
                phases:
                  - { name: infrastructure, checks: [db.reachable], abort_on_miss: true }
                  - { name: golden-path, checks: [backend.health] }
                """.formatted(TestServer.closedPort(), fresh.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.ABORTED);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.phases().get(1).status()).isEqualTo(PhaseStatus.SKIPPED);
        assertThat(run.phases().get(1).checks().get(0).status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(fresh.hits("/ok")).as("the skipped phase sent nothing").isZero();
    }

    @Test
    void failFastDecidesBeforeTheSlowProbesEnd() throws Exception {
        int silent = server.silentPort();
        RunResult run = Runs.run("""
                timeout: 20s
                services:
                  backend: { url: %s, checks: { health: { http: /unavailable, expect: ["[STATUS] == 200"] } } }
                  a: { checks: { hang: { http: "http://127.0.0.1:%d/a" } } }
                  b: { checks: { hang: { http: "http://127.0.0.1:%d/b" } } }
                  c: { checks: { hang: { http: "http://127.0.0.1:%d/c" } } }
                phases:
                  - { name: infrastructure, checks: [backend.health, a.hang, b.hang, c.hang], min_pass_rate: 100%% }
                """.formatted(server.url(""), silent, silent, silent));

        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        assertThat(run.decidedAfter()).isLessThan(Duration.ofSeconds(5));
        assertThat(run.duration()).as("stopped after the evidence window, not at the 20 s timeout")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(run.checks().subList(1, 4)).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(c.signature()).isEqualTo(FailureSignature.CANCELLED);
        });
    }

    @Test
    void aResponseTimeBoundDecidesAHangingCheckAtTheBound() throws Exception {
        RunResult run = Runs.run("""
                timeout: 20s
                services:
                  a: { checks: { hang: { http: "http://127.0.0.1:%d/", expect: ["[RESPONSE_TIME] < 500ms"] } } }
                """.formatted(server.silentPort()));

        CheckResult hang = run.checks().get(0);
        assertThat(hang.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(hang.signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
        assertThat(run.duration()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPassAfterRetriesIsReportedFlaky() throws Exception {
        RunResult run = Runs.run("""
                services:
                  backend: { url: %s, checks: { ready: { http: "/flaky?fail=2", retries: 3 } } }
                """.formatted(server.url("")));

        CheckResult ready = run.checks().get(0);
        assertThat(ready.status()).isEqualTo(CheckStatus.PASS);
        assertThat(ready.flaky()).isTrue();
        assertThat(ready.attempts()).isEqualTo(3);
        assertThat(ready.timeline()).extracting(a -> a.passed()).containsExactly(false, false, true);
    }

    @Test
    void settleWaitsForASlowStartAndRecordsWhenItBecameReady() throws Exception {
        try (TestServer fresh = new TestServer()) {
            RunResult run = Runs.run("""
                    settle: 15s
                    services:
                      backend: { url: %s, checks: { health: { http: "/ready-after?ms=1500", expect: ["[STATUS] == 200"] } } }
                    """.formatted(fresh.url("")));

            CheckResult health = run.checks().get(0);
            assertThat(run.verdict()).isEqualTo(Verdict.GO);
            assertThat(health.attempts()).isGreaterThan(1);
            assertThat(health.timeline().get(0).passed()).isFalse();
            assertThat(health.firstSuccess()).hasValueSatisfying(t -> assertThat(t).isGreaterThanOrEqualTo(Duration.ofMillis(1000)));
            assertThat(health.flaky()).as("a slow start is not flakiness").isFalse();
        }
    }

    @Test
    void withoutSettleASlowStartIsNoGo() throws Exception {
        try (TestServer fresh = new TestServer()) {
            RunResult run = Runs.run("""
                    services:
                      backend: { url: %s, checks: { health: { http: "/ready-after?ms=60000" } } }
                    """.formatted(fresh.url("")));

            assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
            assertThat(run.checks().get(0).attempts()).isEqualTo(1);
        }
    }

    @Test
    void settleEndsWithNoGoWhenTheServiceNeverBecomesReady() throws Exception {
        RunResult run = Runs.run("""
                settle: 2s
                services:
                  backend: { url: %s, checks: { health: { http: /unavailable } } }
                """.formatted(server.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        assertThat(run.checks().get(0).attempts()).isGreaterThan(1);
        assertThat(run.checks().get(0).firstSuccess()).isEmpty();
    }

    @Test
    void aServiceThatSaysDegradedIsDegradedAndAcceptedOnlyWhenTheConfigSaysSo() throws Exception {
        String plan = """
                %s
                services:
                  backend: { url: %s, checks: { health: { http: /degraded, expect: ["[STATUS] == 200"] } } }
                """;
        RunResult strict = Runs.run(plan.formatted("", server.url("")));
        RunResult lenient = Runs.run(plan.formatted("accept_degraded: true", server.url("")));

        assertThat(strict.verdict()).isEqualTo(Verdict.DEGRADED);
        assertThat(strict.exitCode()).isEqualTo(3);
        assertThat(lenient.verdict()).isEqualTo(Verdict.DEGRADED);
        assertThat(lenient.exitCode()).isZero();
    }

    @Test
    void aFailureWithinAMetBarIsDegradedNotGo() throws Exception {
        RunResult run = Runs.run("""
                services:
                  backend: { url: %s, checks: { a: { http: /ok }, b: { http: /ok }, c: { http: /unavailable } } }
                phases:
                  - { name: infrastructure, checks: [backend], min_pass_rate: 60%% }
                """.formatted(server.url("")));

        assertThat(run.phases().get(0).status()).isEqualTo(PhaseStatus.PASSED);
        assertThat(run.verdict()).isEqualTo(Verdict.DEGRADED);
    }

    @Test
    void aCriticalFailureMissesTheBarWhateverTheRate() throws Exception {
        RunResult run = Runs.run("""
                services:
                  backend: { url: %s, checks: { a: { http: /ok }, b: { http: /ok }, c: { http: /unavailable, critical: true } } }
                phases:
                  - { name: infrastructure, checks: [backend], min_pass_rate: 50%% }
                """.formatted(server.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        assertThat(run.phases().get(0).reason()).startsWith("critical check backend.c FAIL");
    }

    @Test
    void everyTargetUnresolvableIsInconclusive() throws Exception {
        RunResult run = Runs.run("""
                services:
                  backend: { url: "http://backend.nowhere.greenlight.test", checks: { health: { http: /health } } }
                  db: { checks: { reachable: { tcp: "db.nowhere.greenlight.test:5432" } } }
                """);

        assertThat(run.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(run.exitCode()).isEqualTo(4);
    }

    @Test
    void aCanaryThatDoesNotAnswerIsInconclusiveAndNothingElseRuns() throws Exception {
        RunResult run = Runs.run("""
                canary: "http://127.0.0.1:%d/"
                services:
                  backend: { url: %s, checks: { health: { http: /ok } } }
                """.formatted(TestServer.closedPort(), server.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.SKIPPED);
    }

    /**
     * Regression: a canary answered by a sign-in page or a web server's own page failed as the service checks' signatures
     * would (SIGN_IN_REDIRECT, DEFAULT_PAGE), and the run was INCONCLUSIVE: for the canary any HTTP answer shows the network.
     */
    @Test
    void aCanaryAnsweredByAnAuthGateOrAServersOwnPageHasAnswered() throws Exception {
        com.sun.net.httpserver.HttpServer gate = LoopbackHttp.server();
        gate.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/")) {
                ex.getResponseHeaders().add("Location", "/login?next=/");
                LoopbackHttp.send(ex, 302, "text/plain", "");
            } else if (ex.getRequestURI().getPath().equals("/login")) {
                LoopbackHttp.send(ex, 200, "text/html", "<form><input type=\"password\" name=\"p\"></form>");
            } else {
                LoopbackHttp.send(ex, 200, "text/html", "<html><head><title>Welcome to nginx!</title></head></html>");
            }
        });
        gate.start();
        try {
            for (String canary : new String[] {"/", "/welcome"}) {
                RunResult run = Runs.run("""
                        canary: "http://127.0.0.1:%d%s"
                        services:
                          backend: { url: %s, checks: { health: { http: /ok } } }
                        """.formatted(gate.getAddress().getPort(), canary, server.url("")));

                assertThat(run.canary()).as(canary).hasValueSatisfying(c -> assertThat(c.passed()).as(c.detail()).isTrue());
                assertThat(run.verdict()).as(canary).isEqualTo(Verdict.GO);
            }
        } finally {
            gate.stop(0);
        }
    }

    /** Regression: the hard deadline counted from the start of the round, so checks queued behind others were killed. */
    @Test
    void checksQueuedBehindOthersAreNotCutByTheHardDeadline() throws Exception {
        RunResult run = runChecks("concurrency: 2\n", 12, "{ http: \"/slow?ms=1000\", timeout: 1500ms }");

        assertThat(run.duration()).isGreaterThan(Duration.ofMillis(4500));
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        RunResult run = runChecks("concurrency: 3\n", 12, "{ http: /held }");

        assertThat(run.verdict()).isEqualTo(Verdict.GO);
        assertThat(server.maxInFlight()).isEqualTo(3);
    }
}
