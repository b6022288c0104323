package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real CLI, run as a process: exit codes, messages, the JSON contract, and no secret in any output. */
class CliIT {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> exit {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /ok          | 0 | GO
            /unavailable | 1 | NO-GO
            /degraded    | 3 | DEGRADED
            """)
    void verdictIsTheExitCode(String path, int exitCode, String verdict) throws Exception {
        Path config = write("services: { web: { url: \"%s\", checks: { health: { http: %s, expect: [\"[STATUS] == 200\"] } } } }"
                .formatted(server.url(""), path));

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString(), "--format", "json");

        assertThat(r.exitCode()).isEqualTo(exitCode);
        JsonNode report = JSON.readTree(r.stdout());
        assertThat(report.get("verdict").asText()).isEqualTo(verdict);
        assertThat(report.get("exit_code").asInt()).isEqualTo(exitCode);
    }

    @Test
    void abortedRunExitsTwo() throws Exception {
        Path config = write("""
                services:
                  db: { checks: { reachable: { tcp: "127.0.0.1:%d" } } }
                  web: { url: "%s", checks: { health: { http: /ok } } }
                phases:
                  - { name: infrastructure, checks: [db], abort_on_miss: true }
                  - { name: golden-path, checks: [web] }
                """.formatted(TestServer.closedPort(), server.url("")));

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).startsWith("ABORTED").contains("CONNECTION_REFUSED").contains("golden-path").contains("SKIPPED");
    }

    @Test
    void inCiACheckOfThisMachineByAnUnsetVariablesDefaultIsBadConfigurationNotAGo() throws Exception {
        // as init writes it; the job forgot API_URL, and something it started answers on the default's port
        Path config = write("""
                services:
                  api: { url: "${API_URL:-%s}", checks: { health: { http: /ok } } }
                """.formatted(server.url("")));

        Cli.Result laptop = Cli.run(Map.of("CI", "false"), "verify", "-c", config.toString());
        Cli.Result ci = Cli.run(Map.of("CI", "true"), "verify", "-c", config.toString());
        Cli.Result checkedOnly = Cli.run(Map.of("CI", "true"), "validate", "-c", config.toString());
        Cli.Result told = Cli.run(Map.of("CI", "true", "API_URL", server.url("")), "verify", "-c", config.toString());

        assertThat(laptop.exitCode()).as(laptop.stdout()).isZero();
        assertThat(ci.exitCode()).as(ci.stdout()).isEqualTo(78);
        assertThat(ci.stderr()).contains(config + ":2:15: 'url' is " + server.url("") + ", the default of")
                .contains("because API_URL is not set: in CI (CI=true) that checks this machine, not the deployment")
                .doesNotContain("Exception");
        assertThat(ci.stdout()).doesNotContain("GO");
        assertThat(checkedOnly.exitCode()).as(checkedOnly.stderr()).isZero();
        assertThat(told.exitCode()).as(told.stderr()).isZero();
    }

    @Test
    void aTimelineOfTheProcessIsPrintedOnStderrOnlyWhenAsked() throws Exception {
        Path config = write("services: { web: { url: \"%s\", checks: { health: { http: /ok } } } }".formatted(server.url("")));

        Cli.Result asked = Cli.run(Map.of("GREENLIGHT_TIMELINE", "1"), "verify", "-c", config.toString(), "--format", "json");
        Cli.Result quiet = Cli.run(Map.of(), "verify", "-c", config.toString(), "--format", "json");

        java.util.regex.Matcher marks = java.util.regex.Pattern.compile("greenlight timeline: +(\\d+) ms (.+)").matcher(asked.stderr());
        java.util.List<String> names = new java.util.ArrayList<>();
        long last = 0;
        while (marks.find()) {
            names.add(marks.group(2));
            assertThat(Long.parseLong(marks.group(1))).as("marks in the order they happened").isGreaterThanOrEqualTo(last);
            last = Long.parseLong(marks.group(1));
        }
        assertThat(names).containsExactly("main", "picocli built", "config read", "plan built", "run ended", "diagnosed",
                "reports written", "exit");
        assertThat(JSON.readTree(asked.stdout()).get("verdict").asText()).as("stdout stays the report alone").isEqualTo("GO");
        assertThat(quiet.stderr()).doesNotContain("timeline");
    }

    @Test
    void nothingObservableExitsFour() throws Exception {
        Path config = write("services: { web: { url: \"http://web.nowhere.greenlight.test\", checks: { health: { http: /health } } } }");

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString());

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stdout()).as("no resolver answers: Greenlight cannot observe").startsWith("INCONCLUSIVE").contains("DNS_TIMEOUT");
    }

    @Test
    void jsonReportHasTheStableFields() throws Exception {
        Path config = write("""
                services:
                  web: { url: "%s", checks: { health: { http: /unavailable, expect: ["[STATUS] == 200"] } } }
                phases:
                  - { name: infrastructure, checks: [web.health], min_pass_rate: 90%% }
                """.formatted(server.url("")));
        Path out = dir.resolve("report.json");

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString(), "--format", "json", "--output", out.toString());

        assertThat(r.stdout()).as("the console report still goes to stdout").startsWith("NO-GO");
        JsonNode report = JSON.readTree(Files.readString(out));
        assertThat(report.fieldNames()).toIterable().contains("verdict", "exit_code", "environment", "started_at",
                "decided_after_ms", "duration_ms", "phases");
        JsonNode phase = report.get("phases").get(0);
        assertThat(phase.fieldNames()).toIterable().contains("name", "status", "pass_rate", "checks");
        JsonNode check = phase.get("checks").get(0);
        assertThat(check.fieldNames()).toIterable().contains("id", "service", "status", "signature", "attempts",
                "duration_ms", "conditions", "timeline");
        assertThat(check.get("id").asText()).isEqualTo("web.health");
        assertThat(check.get("status").asText()).isEqualTo("FAIL");
        assertThat(check.get("signature").asText()).isEqualTo("HTTP_STATUS");
        assertThat(check.get("conditions").get(0).get("actual").asText()).isEqualTo("503");
        assertThat(check.get("timeline").get(0).get("http_status").asInt()).isEqualTo(503);
        assertThat(dir.toFile().list()).as("no temporary file left behind").containsExactlyInAnyOrder("greenlight.yaml", "report.json");
    }

    @Test
    void aSecretNeverAppearsInAnyOutput() throws Exception {
        String canary = "gl-canary-secret-5b7c1e";
        Path config = write("""
                auth:
                  e2e-user: { token_url: "%s", client_id: e2e, client_secret: "${E2E_CLIENT_SECRET}" }
                services:
                  web:
                    url: "%s"
                    checks:
                      echo: { http: { path: /echo-auth, headers: { Authorization: "Bearer ${API_TOKEN}" } } }
                      tokened: { http: /needs-token, auth: e2e-user, expect: ["[STATUS] == 500"] }
                """.formatted(server.url("/token"), server.url("")));
        Path json = dir.resolve("report.json");
        Path text = dir.resolve("report.txt");
        Map<String, String> env = Map.of("API_TOKEN", canary, "E2E_CLIENT_SECRET", "right-secret");

        Cli.Result asJson = Cli.run(env, "verify", "-c", config.toString(), "--format", "json");
        Cli.Result toFile = Cli.run(env, "verify", "-c", config.toString(), "--format", "json", "-o", json.toString());
        Cli.Result toText = Cli.run(env, "verify", "-c", config.toString(), "-o", text.toString());

        assertThat(asJson.stdout()).as("the server echoed the header into its body").contains("you_sent\\\": \\\"****\\\"");
        assertThat(asJson.stdout()).as("the server echoed the obtained token").contains("seen\\\": \\\"Bearer ****\\\"");
        for (String output : new String[] {asJson.stdout(), asJson.stderr(), toFile.stdout(), toFile.stderr(),
            toText.stdout(), toText.stderr(), Files.readString(json), Files.readString(text)}) {
            assertThat(output).doesNotContain(canary).doesNotContain("issued-token-").doesNotContain("right-secret");
        }
    }

    @Test
    void badConfigurationExitsSeventyEightWithALocatedMessageAndNoStackTrace() throws Exception {
        Path config = write("environment: staging\nsettle: -5s\nservices: { web: { url: \"http://127.0.0.1:1\" } }\n");

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString());

        assertThat(r.exitCode()).isEqualTo(78);
        assertThat(r.stderr().trim()).isEqualTo("greenlight: " + config + ":2:9: 'settle' must be > 0, got -5s");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void missingConfigurationExitsSeventyEight() throws Exception {
        Cli.Result r = Cli.run(Map.of(), "verify", "-c", dir.resolve("nope.yaml").toString());

        assertThat(r.exitCode()).isEqualTo(78);
        assertThat(r.stderr()).contains("nope.yaml: configuration file not found").doesNotContain("Exception");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            verify --no-such-option        | Unknown option: '--no-such-option'
            verify --settle soon           | 'soon' is not a duration
            verify --settle 99999999999999999999s | is longer than 3650d, the longest duration Greenlight takes
            verify --format yaml           | Invalid value for option '--format'
            verify --concurrency 0         | --concurrency must be between 1 and 4096, got 0
            frobnicate                     | Unmatched argument at index 0: 'frobnicate'
            """)
    void badUsageExitsSixtyFour(String args, String message) throws Exception {
        write("services: { web: { url: \"%s\", checks: { health: { http: /ok } } } }".formatted(server.url("")));

        Cli.Result r = Cli.run(Map.of(), prepend(args.trim().split(" "), "-c", dir.resolve("greenlight.yaml").toString()));

        assertThat(r.exitCode()).isEqualTo(64);
        assertThat(r.stderr()).contains(message).doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "{0} --help")
    @CsvSource({"verify", "demo", "validate", "preflight", "init", "audit", "diff", "issues", "history", "watch"})
    void everyCommandsHelpRendersCleanly(String command) throws Exception {
        Cli.Result r = Cli.run(Map.of(), command, "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("Exit codes:").doesNotContain("%n");
        assertThat(r.stderr()).as("a description with a bare %% breaks picocli's formatting").doesNotContain("picocli WARN");
    }

    @Test
    void helpListsTheExitCodes() throws Exception {
        Cli.Result r = Cli.run(Map.of(), "verify", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("Exit codes:").contains("78").contains("INCONCLUSIVE").contains("--settle");
    }

    @Test
    void validateLoadsAndPlansWithoutProbingAndListsTheChecksPerPhase() throws Exception {
        int closed = TestServer.closedPort();
        Path config = write("""
                services:
                  db: { checks: { reachable: { tcp: "127.0.0.1:%d", critical: true } } }
                  web: { url: "%s", expected_version: v1.4.2, checks: { health: { http: /ok } } }
                phases:
                  - { name: infrastructure, checks: [db], abort_on_miss: true }
                """.formatted(closed, server.url("")));
        int hitsBefore = server.hits("/ok");

        Cli.Result ok = Cli.run(Map.of(), "validate", "-c", config.toString());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "services: { web: { url: \"http://127.0.0.1:1\", checks: { health: { htp: /x } } } }\n");
        Cli.Result wrong = Cli.run(Map.of(), "validate", "-c", bad.toString());

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.stdout()).isEqualTo(config + ": valid, 2 checks in 2 phases\n"
                + "phase infrastructure (needs 100%, aborts the run on a miss)\n"
                + "  db.reachable  tcp 127.0.0.1:" + closed + "  [critical]\n"
                + "phase unphased (needs 100%)\n"
                + "  web.health    GET " + server.url("/ok") + "  [version v1.4.2]\n");
        assertThat(server.hits("/ok")).as("nothing was probed").isEqualTo(hitsBefore);
        assertThat(wrong.exitCode()).isEqualTo(78);
        assertThat(wrong.stderr()).startsWith("greenlight: " + bad + ":1:");
    }

    @Test
    void validateWarnsOfASecretThePlanWouldSendInTheClearWithoutSayingIt() throws Exception {
        Path config = write("""
                auth:
                  ci: { token: "${CI_TOKEN}" }
                services:
                  web:
                    url: http://web.example.com
                    checks:
                      token: { http: /health, auth: ci }
                      open: { http: /health }
                      encrypted: { http: "https://web.example.com/health", auth: ci }
                """);

        Cli.Result r = Cli.run(Map.of("CI_TOKEN", "tok-93ad01"), "validate", "-c", config.toString());

        assertThat(r.exitCode()).as("a warning, the plan is valid").isZero();
        assertThat(r.stdout()).contains("warning: web.token: its bearer token goes over plain http to web.example.com (https:// "
                + "encrypts it); anyone on the network path can read it").doesNotContain("tok-93ad01");
        assertThat(r.stdout().lines().filter(l -> l.startsWith("warning:")).count()).as("only web.token").isEqualTo(1);
    }

    @Test
    void onlyRunsTheNamedPhaseOrCheckAndAnUnknownNameIsBadUsage() throws Exception {
        Path config = write("""
                services:
                  web: { url: "%s", checks: { health: { http: /ok }, broken: { http: /unavailable } } }
                """.formatted(server.url("")));

        Cli.Result one = Cli.run(Map.of(), "verify", "-c", config.toString(), "--only", "web.health", "--format", "json");
        Cli.Result unknown = Cli.run(Map.of(), "verify", "-c", config.toString(), "--only", "web.nope");

        assertThat(one.exitCode()).isZero();
        assertThat(JSON.readTree(one.stdout()).get("phases").get(0).get("checks")).hasSize(1);
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.stderr()).contains("--only web.nope: no such phase or check; expected one of: web.health, web.broken");
    }

    @Test
    void verboseShowsEachRequestAndTheHeadOfItsAnswer() throws Exception {
        Path config = write("services: { web: { url: \"%s\", checks: { health: { http: /unavailable } } } }".formatted(server.url("")));

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString(), "--verbose");

        assertThat(r.stderr()).contains("  > web.health #1 GET " + server.url("/unavailable") + "\n")
                .contains("  < HTTP_STATUS in ").contains(", HTTP 503: ").contains("  <   content-type: application/json");
    }

    @Test
    void aReportFileTakesTheUsualPermissionsAndVersionIsTheReleaseVersion() throws Exception {
        Path config = write("services: { web: { url: \"%s\", checks: { health: { http: /ok } } } }".formatted(server.url("")));
        Path out = dir.resolve("report.json");

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString(), "--format", "json", "-o", out.toString());
        Cli.Result version = Cli.run(Map.of(), "--version");
        Cli.Result verbVersion = Cli.run(Map.of(), "verify", "--version");

        assertThat(r.exitCode()).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .as("0666 less the umask (022 here), like any file the user's tools write").isEqualTo("rw-r--r--");
        assertThat(version.stdout().trim()).matches("greenlight \\d+\\.\\d+\\.\\d+.*").doesNotContain("dev");
        assertThat(verbVersion.stdout()).as("a verb's own -V/--version, which printed nothing").isEqualTo(version.stdout());
    }

    private Path write(String yaml) throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        return config;
    }

    /** Puts -c FILE after the verb (when there is one) so each case reads like a command line. */
    private static String[] prepend(String[] args, String... options) {
        if (!args[0].equals("verify")) {
            return args;
        }
        String[] out = new String[args.length + options.length];
        out[0] = args[0];
        System.arraycopy(options, 0, out, 1, options.length);
        System.arraycopy(args, 1, out, 1 + options.length, args.length - 1);
        return out;
    }
}
