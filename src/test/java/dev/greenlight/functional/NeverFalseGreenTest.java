package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.PhaseStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.report.ConsoleReport;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.Style;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression tests of issue 12 (verdict hardening), each named after the behaviour, against real servers on
 * loopback: a body that says down, settle that uses its whole budget, readiness that must hold, slow versus
 * dead, phase summaries that do not contradict their checks.
 */
class NeverFalseGreenTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    private static String console(RunResult run) {
        return ConsoleReport.render(run, Secrets.none(), new Style(false));
    }

    @Test
    void aHealthBodyThatSaysDownFailsTheCheckWhateverItsHttpStatus() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: /says-down, expect: ["[STATUS] == 200"] } } }
                """.formatted(server.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        CheckResult health = run.checks().get(0);
        assertThat(health.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(health.signature()).isEqualTo(FailureSignature.REPORTED_DOWN);
        assertThat(health.detail()).isEqualTo("HTTP 200, but its health body (spring) says unhealthy: db down");
        assertThat(health.conditions().get(0).success()).isTrue();
        assertThat(JsonReport.render(run, Secrets.none())).contains("\"signature\" : \"REPORTED_DOWN\"");
    }

    @Test
    void ignoreHealthBodyJudgesByTheConditionsAlone() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: /says-down, expect: ["[STATUS] == 200"], ignore_health_body: true } } }
                """.formatted(server.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.GO);
    }

    @Test
    void aBodyStillStartingIsNotReadyEvenWithHttp200() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: /starting, expect: ["[STATUS] == 200"] } } }
                """.formatted(server.url("")));

        CheckResult health = run.checks().get(0);
        assertThat(health.signature()).isEqualTo(FailureSignature.REPORTED_DOWN);
        assertThat(health.detail()).isEqualTo("HTTP 200, but its health body (generic) says startup is not complete (phase DATABASE)");
    }

    @Test
    void degradedNamesWhatIsDegradedAndNeverSaysAllHealthy() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: /degraded, expect: ["[STATUS] == 200"] } } }
                """.formatted(server.url("")));

        assertThat(run.verdict()).isEqualTo(Verdict.DEGRADED);
        String console = console(run);
        assertThat(console).doesNotContain("all healthy").contains("Diagnosis: degraded, nothing failed")
                .contains("api.health: the service says it runs degraded: cache warn");
        assertThat(Diagnoser.diagnose(run).degraded()).containsExactly("api.health: the service says it runs degraded: cache warn");
    }

    @Test
    void aBodyThatSaysUpWhileItsDatabaseIsDownIsDegradedNotGo() throws Exception {
        // Spring Boot with its status order changed (or a hand-made aggregate): UP, with a component it says is DOWN
        com.sun.net.httpserver.HttpServer app = LoopbackHttp.server();
        app.createContext("/actuator/health", ex -> LoopbackHttp.send(ex, 200, "application/json", "{\"status\": \"UP\", "
                + "\"components\": {\"db\": {\"status\": \"DOWN\", \"details\": {\"error\": \"Connection refused\"}}, "
                + "\"diskSpace\": {\"status\": \"UP\"}}}"));
        app.start();
        try {
            String plan = """
                    services:
                      api: { url: "http://127.0.0.1:%d", checks: { health: { http: /actuator/health } } }
                    """.formatted(app.getAddress().getPort());
            RunResult run = Runs.run(plan);
            RunResult accepted = Runs.run("accept_degraded: true\n" + plan);

            assertThat(run.verdict()).as(run.reasons().toString()).isEqualTo(Verdict.DEGRADED);
            assertThat(Diagnoser.diagnose(run).degraded()).containsExactly("api.health: the service says it is up, but reports db DOWN (Connection refused)");
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(accepted.exitCode()).as("accept_degraded: the job passes, the verdict still says it").isZero();
        } finally {
            app.stop(0);
        }
    }

    @Test
    void settleHonoursItsWholeBudgetWithTheLastAttemptAtTheDeadline() throws Exception {
        try (TestServer fresh = new TestServer()) {
            // backoff 0.5 s, 1 s, 2 s (+-20%) puts the 4th attempt near 3.5 s; the next sleep (4 s) does not fit
            // in what is left, so it is cut and the last attempt comes at 4 s, after the service became ready
            RunResult run = Runs.run("""
                    settle: 4s
                    services:
                      api: { url: %s, checks: { health: { http: "/ready-after?ms=3700", confirm: 0 } } }
                    """.formatted(fresh.url("")));

            CheckResult health = run.checks().get(0);
            assertThat(run.verdict()).isEqualTo(Verdict.GO);
            assertThat(health.firstSuccess()).get().satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(3700)));
            assertThat(health.firstSuccess().get()).isLessThanOrEqualTo(Duration.ofMillis(4500));
        }
    }

    @Test
    void aSettlingRunEndsWithinItsBudgetPlusOneAttempt() throws Exception {
        int silent = server.silentPort();
        RunResult run = Runs.run("""
                settle: 2s
                timeout: 1s
                services:
                  api: { url: http://127.0.0.1:%d, checks: { health: { http: /health } } }
                """.formatted(silent));

        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        assertThat(run.checks().get(0).signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
        assertThat(run.duration()).isLessThan(Duration.ofMillis(2000 + 1000 + 500));
        // it kept trying until the budget was spent, not one backoff step before
        var last = run.checks().get(0).timeline().get(run.checks().get(0).timeline().size() - 1);
        assertThat(last.at().plus(last.took())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void aServiceThatAlternatesIsNeverCountedReady() throws Exception {
        RunResult run = Runs.run("""
                settle: 3s
                services:
                  api: { url: %s, checks: { health: { http: /alternating } } }
                """.formatted(server.url("")));

        CheckResult health = run.checks().get(0);
        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        assertThat(health.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(health.failedAfterPassing()).isTrue();
        assertThat(health.detail()).matches("passed at [0-9.]+m?s but did not stay ready \\(confirm 2\\): .*");
        assertThat(Diagnoser.diagnose(run).timelines().get("api").state()).isIn("FLAPPING", "REGRESSED");
    }

    @Test
    void aServiceThatFallsOverAfterItsFirstPassFailsStableFor() throws Exception {
        try (TestServer fresh = new TestServer()) {
            RunResult run = Runs.run("""
                    settle: 2s
                    services:
                      api: { url: %s, checks: { health: { http: "/up-then-down?ms=1000", stable_for: 2s } } }
                    """.formatted(fresh.url("")));

            CheckResult health = run.checks().get(0);
            assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
            assertThat(health.detail()).matches("passed at [0-9.]+m?s but did not stay ready \\(stable_for 2s\\): "
                    + "\\[STATUS\\] < 400 failed \\(actual: 503\\)");
            assertThat(health.timeline().get(0).passed()).isTrue();
        }
    }

    @Test
    void underSettleAPassIsConfirmedTwiceByDefaultAndOnlyAsAskedOtherwise() throws Exception {
        RunResult settled = Runs.run("""
                settle: 5s
                services:
                  api: { url: %s, checks: { health: { http: /ok }, once: { http: /ok, confirm: 0 } } }
                """.formatted(server.url("")));
        RunResult plain = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: /ok }, thrice: { http: /ok, confirm: 2 } } }
                """.formatted(server.url("")));

        assertThat(settled.verdict()).isEqualTo(Verdict.GO);
        assertThat(settled.checks().get(0).attempts()).isEqualTo(3);
        assertThat(settled.checks().get(1).attempts()).isEqualTo(1);
        assertThat(plain.checks().get(0).attempts()).isEqualTo(1);
        assertThat(plain.checks().get(1).attempts()).isEqualTo(3);
    }

    @Test
    void slowIsNotDeadAnAnswerAfterTheBoundIsSlowResponseDecidedAtTheBound() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: "/slow?ms=2500", expect: ["[RESPONSE_TIME] < 1s"] } } }
                """.formatted(server.url("")));

        CheckResult health = run.checks().get(0);
        assertThat(health.signature()).isEqualTo(FailureSignature.SLOW_RESPONSE);
        assertThat(health.conditions().get(0).actual()).matches("2\\.[5-9][0-9]*s");
        assertThat(run.decidedAfter()).isLessThan(Duration.ofMillis(2000));
        assertThat(run.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void noAnswerAtAllWithinTheEvidenceWindowIsStillReadTimeout() throws Exception {
        int silent = server.silentPort();
        RunResult run = Runs.run("""
                timeout: 5s
                services:
                  api: { url: http://127.0.0.1:%d, checks: { health: { http: /health, expect: ["[RESPONSE_TIME] < 300ms"] } } }
                """.formatted(silent));

        assertThat(run.checks().get(0).signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
        assertThat(run.decidedAfter()).isLessThan(Duration.ofMillis(1000));
    }

    @Test
    void aPhaseWithABarOfZeroWhoseChecksFailedIsNotGatingNeverPassed() throws Exception {
        RunResult run = Runs.run("""
                auth:
                  robot: { token_url: %s, client_id: c, client_secret: wrong-secret }
                services:
                  api: { url: %s, checks: { health: { http: /needs-token, auth: robot } } }
                """.formatted(server.url("/token"), server.url("")));

        assertThat(run.phases().get(0).name()).isEqualTo("auth");
        assertThat(run.phases().get(0).status()).isEqualTo(PhaseStatus.NOT_GATING);
        assertThat(run.phases().get(0).reason()).isEqualTo("0/1 passed (0%), bar 0%: not gating");
        assertThat(console(run)).doesNotContainPattern("(?m)^auth +PASSED");
    }

    @Test
    void theConsoleShowsTheFirstBytesOfAFailedAnswersBody() throws Exception {
        RunResult run = Runs.run("""
                services:
                  proxy: { url: %s, checks: { health: { http: "/status?code=502" } } }
                """.formatted(server.url("")));

        assertThat(console(run)).contains("      body: <html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>");
    }

    @Test
    void theHttpStatusCarriesTheClassification() throws Exception {
        RunResult run = Runs.run("""
                services:
                  missing: { url: %s, checks: { health: { http: "/status?code=404" } } }
                  proxy: { url: %s, checks: { health: { http: "/status?code=502" } } }
                  gateway: { url: %s, checks: { health: { http: "/status?code=504" } } }
                """.formatted(server.url(""), server.url(""), server.url("")));

        Map<String, Diagnosis.RootCause> roots = new java.util.HashMap<>();
        Diagnoser.diagnose(run).rootCauses().forEach(r -> roots.put(r.service(), r));
        assertThat(roots.get("missing").classification().name()).isEqualTo("CONFIGURATION");
        assertThat(roots.get("proxy").classification().name()).isEqualTo("INFRASTRUCTURE");
        assertThat(roots.get("proxy").nextChecks().get(0)).contains("upstream refused");
        assertThat(roots.get("gateway").nextChecks().get(0)).contains("did not answer in time");
    }
}
