package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Classification;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.plan.RunClock;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.report.ConsoleProgress;
import dev.greenlight.report.ConsoleReport;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.Style;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression tests of issue 12 (diagnosis, output, secrets) against real servers on loopback: Greenlight's own
 * probe outranks a service's hearsay, the golden path is what the config says, progress while settling, and
 * secrets that hold quotes, backslashes, unicode and URL-encoding never reach any output.
 */
class RightCulpritTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    @Test
    void greenlightsOwnPassingProbeOutranksAServicesWordThatItsDatabaseIsDown() throws Exception {
        // the database is up (Greenlight connects to it); the api says its db is down because it is refused
        RunResult run = Runs.run("""
                services:
                  postgres:
                    aliases: [db]
                    checks: { reachable: { tcp: "%s" } }
                  api:
                    url: %s
                    depends_on: [postgres]
                    checks: { health: { http: /db-refuses-credentials, expect: ["[STATUS] == 200"] } }
                """.formatted(server.url("").substring("http://".length()).replace("/", ""), server.url("")));

        Diagnosis d = Diagnoser.diagnose(run);
        assertThat(d.rootCauses()).hasSize(1);
        Diagnosis.RootCause root = d.rootCauses().get(0);
        assertThat(root.service()).isEqualTo("api");
        assertThat(root.signature()).isEqualTo("DEPENDENCY_PATH");
        assertThat(root.classification()).isEqualTo(Classification.CONFIGURATION);
        assertThat(root.why()).last().asString()
                .startsWith("postgres: up for Greenlight (postgres.reachable passed: ")
                .endsWith("but api's health body says db: unhealthy (FATAL: password authentication failed for user app): "
                        + "api cannot use it");
    }

    @Test
    void withoutItsOwnProbeTheDependencyIsStillBlamedOnTheServicesWord() throws Exception {
        RunResult run = Runs.run("""
                services:
                  postgres: { aliases: [db] }
                  api:
                    url: %s
                    depends_on: [postgres]
                    checks: { health: { http: /db-refuses-credentials, expect: ["[STATUS] == 200"] } }
                """.formatted(server.url("")).replace("  postgres: { aliases: [db] }\n", "")
                .replace("    depends_on: [postgres]\n", ""));

        Diagnosis.RootCause root = Diagnoser.diagnose(run).rootCauses().get(0);
        assertThat(root.service()).isEqualTo("api/db");
        assertThat(root.signature()).isEqualTo("REPORTED_DOWN");
        assertThat(root.cascades()).extracting(Diagnosis.Cascade::service).containsExactly("api");
    }

    @Test
    void theGoldenPathIsWhatTheConfigSaysNotAPhaseName() throws Exception {
        String services = """
                services:
                  chat: { url: %s, checks: { events: { http: /unavailable } } }
                """.formatted(server.url(""));
        RunResult flagged = Runs.run(services + "phases:\n  - { name: journey, checks: [chat], golden_path: true }\n");
        RunResult named = Runs.run(services + "phases:\n  - { name: golden-path, checks: [chat] }\n");
        RunResult onCheck = Runs.run(services.replace("http: /unavailable", "http: /unavailable, golden_path: true"));

        assertThat(Diagnoser.diagnose(flagged).rootCauses().get(0).impact().goldenPathBlocked()).isTrue();
        assertThat(Diagnoser.diagnose(named).rootCauses().get(0).impact().goldenPathBlocked()).isFalse();
        assertThat(Diagnoser.diagnose(onCheck).rootCauses().get(0).impact().goldenPathBlocked()).isTrue();
    }

    @Test
    void aWebSocketRefused503ByAHostWhoseOwnHealthFailsIsItsCascadeWithoutDependsOn() throws Exception {
        String ws = server.url("").replace("http://", "ws://");
        RunResult run = Runs.run("""
                services:
                  chat: { url: %s, checks: { events: { websocket: { path: /unavailable, expect: [agent_started] } } } }
                  api: { url: %s, checks: { health: { http: /unavailable } } }
                """.formatted(ws, server.url("")));

        Diagnosis d = Diagnoser.diagnose(run);
        assertThat(run.checks().get(0).signature().name()).isEqualTo("WS_HANDSHAKE_REJECTED");
        assertThat(d.rootCauses()).extracting(Diagnosis.RootCause::service).containsExactly("api");
        assertThat(d.rootCauses().get(0).cascades()).singleElement().satisfies(c -> {
            assertThat(c.service()).isEqualTo("chat");
            assertThat(c.because()).contains("served by the same host (http://127.0.0.1:");
        });
        assertThat(d.rootCauses().get(0).classification()).isEqualTo(Classification.INFRASTRUCTURE);
    }

    @Test
    void aFailedTokenFetchIsLaidAtTheServiceServingTheTokenUrl() throws Exception {
        RunResult run = Runs.run("""
                auth:
                  robot: { token_url: %s, client_id: c, client_secret: wrong-secret }
                services:
                  login: { url: %s, checks: { up: { tcp: true } } }
                  api: { url: %s, checks: { health: { http: /needs-token, auth: robot } } }
                """.formatted(server.url("/token"), server.url(""), server.url("")));

        Diagnosis d = Diagnoser.diagnose(run);
        assertThat(run.checks().get(0).check().service()).isEqualTo("login");
        assertThat(d.rootCauses()).extracting(Diagnosis.RootCause::service).containsExactly("login");
        assertThat(d.rootCauses().get(0).cascades()).extracting(Diagnosis.Cascade::service).containsExactly("api");
    }

    @Test
    void whileSettlingProgressSaysWhatItWaitsForEveryFewSeconds() throws Exception {
        Plan plan = Runs.plan("""
                settle: 6s
                services:
                  api: { url: %s, checks: { health: { http: /unavailable } } }
                """.formatted(server.url("")), Map.of());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressListener progress = new ConsoleProgress(new PrintStream(err, true, StandardCharsets.UTF_8), false,
                new Style(false), plan.secrets());

        new PlanRunner(RunClock.system(), progress).run(plan);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("phase all: waiting for 1 check, settle ends in [0-9]+s; api.health HTTP_STATUS after [0-9]+ attempts");
    }

    /** Canaries: quotes, a backslash, non-ASCII, characters that URL-encoding changes. */
    private static final String SECRET = "p\"a\\ss-w\u00f6rd/\u00fc&x=1 %41";

    @Test
    void aSecretWithQuotesBackslashesUnicodeAndUrlEncodingIsMaskedInEveryOutput() throws Exception {
        Plan plan = Runs.plan("""
                services:
                  api:
                    url: %s
                    checks:
                      login: { http: { path: /echo-secret, method: POST, body: "${API_TOKEN}" } }
                """.formatted(server.url("")), Map.of("API_TOKEN", SECRET));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunResult run = new PlanRunner(RunClock.system(), new ConsoleProgress(new PrintStream(err, true, StandardCharsets.UTF_8),
                false, new Style(false), plan.secrets())).run(plan);
        Secrets secrets = plan.secrets();

        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
        String body = run.checks().get(0).observation().body();
        assertThat(body).contains("w\\u00f6rd").contains("%26x%3D1"); // the server did echo it, escaped both ways
        String console = ConsoleReport.render(run, secrets, new Style(false));
        String json = JsonReport.render(run, secrets);
        assertThat(console).contains("body: {\"error\": \"bad token\", \"json_escaped\": \"****\", \"url_encoded\": \"****\"}");
        assertThat(json).contains("\"body\" : \"{\\\"error\\\": \\\"bad token\\\", \\\"json_escaped\\\": \\\"****\\\"");
        for (String output : List.of(console, json, err.toString(StandardCharsets.UTF_8))) {
            assertThat(output).doesNotContain("w\u00f6rd").doesNotContain("w\\u00f6rd")
                    .doesNotContain("w%C3%B6rd").doesNotContain("ss-w");
        }
    }

    @Test
    void aSecretAcrossTheCutOfTheBodyEvidenceLeavesNoPartBehind() throws Exception {
        String secret = "straddling-secret-42";
        String prefix = "{\"error\": \"bad token\", \"json_escaped\": \"";
        String padding = "x".repeat(2040 - prefix.length()); // the secret starts 8 characters before the 2 KiB cut
        Plan plan = Runs.plan("""
                services:
                  api:
                    url: %s
                    checks:
                      login: { http: { path: /echo-secret, method: POST, body: "%s${API_TOKEN}" } }
                """.formatted(server.url(""), padding), Map.of("API_TOKEN", secret));
        RunResult run = Runs.run(plan);

        assertThat(run.checks().get(0).observation().body().indexOf(secret)).isEqualTo(2040);
        String json = JsonReport.render(run, plan.secrets());
        assertThat(json).doesNotContain("straddl").contains("\"body_truncated\" : true");
    }
}
