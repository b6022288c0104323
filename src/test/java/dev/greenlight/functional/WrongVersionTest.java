package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.condition.ConditionResult;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The new release never became ready, so the platform kept traffic on the previous one (Cloud Run keeps the last ready
 * revision serving; a stuck Kubernetes rollout keeps the old pods): every check passes against the old release. With
 * {@code expected_version}, an answer that names another version is WRONG_VERSION, and a run in which no answer said
 * the version cannot be GO.
 */
class WrongVersionTest {

    private static final String COMMIT = "3f9a2c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a";
    private static HttpServer server;
    private static volatile long flipAt = Long.MAX_VALUE;
    private static final java.util.concurrent.atomic.AtomicInteger rolling = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackHttp.server();
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/header")) {
                ex.getResponseHeaders().add("X-Revision", "api-00041");
                LoopbackHttp.send(ex, 200, "text/plain", "OK");
                return;
            }
            String body = switch (path) {
                case "/old" -> "{\"status\": \"ok\", \"version\": \"1.4.1\"}";
                case "/new" -> "{\"status\": \"ok\", \"version\": \"v1.4.2\"}";
                case "/info" -> "{\"git\": {\"branch\": \"main\", \"commit\": {\"id\": \"3f9a2c1\", \"time\": \"2026-11-27T10:00:00Z\"}},"
                        + " \"build\": {\"artifact\": \"api\"}}";
                case "/db-version" -> "{\"status\": \"UP\", \"components\": {\"db\": {\"status\": \"UP\", \"details\": "
                        + "{\"database\": \"PostgreSQL\", \"version\": \"15.4\"}}}}";
                case "/rolling" -> rolling.incrementAndGet() % 2 == 0 || rolling.get() > 6 ? "{\"status\": \"ok\", \"version\": \"1.4.2\"}"
                        : "{\"status\": \"ok\", \"version\": \"1.4.1\"}";
                case "/rollout" -> System.nanoTime() < flipAt ? "{\"status\": \"ok\", \"version\": \"1.4.1\"}"
                        : "{\"status\": \"ok\", \"version\": \"1.4.2\"}";
                default -> "[]";
            };
            LoopbackHttp.send(ex, 200, "application/json", body);
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void theOldReleaseAnsweringIsWrongVersionAndNoGo() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api:
                    url: %s
                    expected_version: 1.4.2
                    checks:
                      health: { http: /old }
                  auth:
                    url: %1$s
                    checks:
                      health: { http: /old }
                """.formatted(url()));

        CheckResult health = Runs.check(run, "api.health");
        assertThat(health.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(health.signature()).isEqualTo(FailureSignature.WRONG_VERSION);
        assertThat(health.detail()).isEqualTo("HTTP 200, but it runs version 1.4.1 (body 'version'), not 1.4.2: "
                + "the deployed version is not the one answering");
        assertThat(health.conditions()).contains(new ConditionResult("expected_version == 1.4.2", false, "1.4.1 (body 'version')"));
        assertThat(Runs.check(run, "auth.health").status()).as("a service without expected_version").isEqualTo(CheckStatus.PASS);
        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        assertThat(Diagnoser.diagnose(run).rootCauses()).anySatisfy(r -> {
            assertThat(r.service()).isEqualTo("api");
            assertThat(String.join(" ", r.nextChecks())).contains("previous release still answers");
        });
    }

    @Test
    void aShortCommitInSpringsInfoConfirmsTheFullOneExpected() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api:
                    url: %s
                    expected_version: ${GIT_SHA}
                    checks:
                      info: { http: /info }
                      items: { http: /items }
                """.formatted(url()), Map.of("GIT_SHA", COMMIT));

        assertThat(run.verdict()).as(run.reasons().toString()).isEqualTo(Verdict.GO);
        assertThat(Runs.check(run, "api.info").conditions())
                .contains(new ConditionResult("expected_version == " + COMMIT, true, "3f9a2c1 (body 'git.commit.id')"));
    }

    @Test
    void aVersionHeaderIsReadToo() throws Exception {
        String plan = """
                services:
                  api:
                    url: %s
                    expected_version: %s
                    checks:
                      health: { http: /header }
                """;
        CheckResult wrong = Runs.check(Runs.run(plan.formatted(url(), "api-00042")), "api.health");
        assertThat(wrong.signature()).isEqualTo(FailureSignature.WRONG_VERSION);
        assertThat(wrong.detail()).contains("api-00041 (header x-revision), not api-00042");
        assertThat(Runs.run(plan.formatted(url(), "api-00041")).verdict()).isEqualTo(Verdict.GO);
    }

    @Test
    void noAnswerSayingTheVersionIsInconclusiveNeverGo() throws Exception {
        // a dependency's version (the database's, in Spring's components) is not the service's
        RunResult run = api("", "items: { http: /items }", "health: { http: /db-version }");

        assertThat(run.checks()).allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.PASS));
        assertThat(run.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(run.reasons().get(0)).startsWith("api: no passing answer said which version it runs, so expected_version "
                + "1.4.2 is not confirmed");
    }

    @Test
    void oneAnswerThatSaysItConfirmsTheService() throws Exception {
        RunResult run = api("", "items: { http: /items }", "health: { http: /new }");

        assertThat(run.verdict()).as(run.reasons().toString()).isEqualTo(Verdict.GO);
    }

    @Test
    void aRolloutThatFinishesWhileSettlingIsWaitedFor() throws Exception {
        flipAt = System.nanoTime() + 1_200_000_000L;
        RunResult run = api("settle: 20s", "health: { http: /rollout, confirm: 1 }");

        CheckResult health = Runs.check(run, "api.health");
        assertThat(run.verdict()).as(run.reasons().toString()).isEqualTo(Verdict.GO);
        assertThat(health.timeline().get(0).signature()).isEqualTo(FailureSignature.WRONG_VERSION);
        assertThat(health.firstSuccess()).hasValueSatisfying(t -> assertThat(t.toMillis()).isGreaterThanOrEqualTo(1_000));
    }

    @Test
    void aRollingUpdateAnsweringFromBothReleasesUntilItEndsIsGoNotFlapping() throws Exception {
        RunResult run = api("settle: 30s", "health: { http: /rolling, confirm: 2 }");

        CheckResult health = Runs.check(run, "api.health");
        assertThat(health.timeline()).extracting(a -> a.signature()).contains(FailureSignature.WRONG_VERSION, FailureSignature.NONE);
        assertThat(health.timeline().get(1).passed()).isTrue();
        assertThat(run.verdict()).as(run.reasons().toString()).isEqualTo(Verdict.GO);
    }

    /** A plan of service api, expected to run 1.4.2, with {@code checks} (one per line) and the {@code top} level given. */
    private static RunResult api(String top, String... checks) throws Exception {
        return Runs.run(top + "\nservices:\n  api:\n    url: " + url() + "\n    expected_version: 1.4.2\n    checks:\n"
                + String.join("", java.util.Arrays.stream(checks).map(c -> "      " + c + "\n").toList()));
    }
}
