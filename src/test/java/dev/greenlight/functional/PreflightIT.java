package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greenlight preflight} as a process: exit codes, rule selection, SARIF, and no secret in any output. */
class PreflightIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("src/test/resources/preflight").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theIncidentsRepositoryFailsBeforeTheDeployAndACleanOnePasses() throws Exception {
        Cli.Result incident = Cli.run(Map.of(), "preflight", FIXTURES.resolve("incident").toString());
        Cli.Result clean = Cli.run(Map.of(), "preflight", FIXTURES.resolve("clean").toString());

        assertThat(incident.exitCode()).isEqualTo(1);
        assertThat(incident.stdout()).startsWith("greenlight preflight: 6 deployment files, 2 services: 5 errors, 0 warnings")
                .contains("error    GL-P001 port-drift          auth/Dockerfile:13: auth: its ports disagree: the platform sends "
                        + "traffic to 8080").contains("GL-P007 emergency-flag-on   deploy/deploy-auth.sh:8: auth: "
                        + "EMERGENCY_ALLOW_NO_DATABASE=true is switched on for the deploy");
        assertThat(clean.exitCode()).isZero();
    }

    @Test
    void rulesCanBeChosenAndAnUnknownRuleOrDirectoryIsBadUsage() throws Exception {
        Cli.Result only = Cli.run(Map.of(), "preflight", "--rule", "GL-P007", FIXTURES.resolve("incident").toString());
        Cli.Result skipped = Cli.run(Map.of(), "preflight", "--skip-rule", "GL-P001,GL-P002,GL-P005,GL-P006,GL-P007",
                FIXTURES.resolve("incident").toString());
        Cli.Result unknown = Cli.run(Map.of(), "preflight", "--rule", "GL-X999", FIXTURES.resolve("incident").toString());
        Cli.Result noDir = Cli.run(Map.of(), "preflight", dir.resolve("nope").toString());

        assertThat(only.stdout()).contains("1 error,").contains("GL-P007").doesNotContain("GL-P001");
        assertThat(skipped.exitCode()).isZero();
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.stderr()).contains("unknown rule 'GL-X999'; expected one of GL-P001, GL-P002, GL-P003");
        assertThat(noDir.exitCode()).isEqualTo(64);
    }

    @Test
    void theConfigsPreflightSectionIgnoresByRuleAndPathAndAddsFlagPatterns() throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, """
                preflight:
                  ignore:
                    - { rule: GL-P006, path: "deploy/**", why: "staging throwaway password" }
                  flags: ["^FORCE_"]
                services: { auth: { url: "http://127.0.0.1:1", checks: { health: { http: /health } } } }
                """);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "preflight: { flags: [\"(\"] }\nservices: { a: { url: \"http://127.0.0.1:1\" } }\n");

        Cli.Result r = Cli.run(Map.of(), "preflight", "-c", config.toString(), FIXTURES.resolve("incident").toString());
        Cli.Result broken = Cli.run(Map.of(), "preflight", "-c", bad.toString(), FIXTURES.resolve("incident").toString());

        assertThat(r.stdout()).contains("(1 finding silenced by ignore comments or the config)").doesNotContain("GL-P006")
                .contains("auth: FORCE_REINDEX=1 is switched on for the deploy");
        assertThat(broken.exitCode()).isEqualTo(78);
        assertThat(broken.stderr()).startsWith("greenlight: " + bad + ":1:22: 'flags' of 'preflight': '(' is not a regular "
                + "expression").doesNotContain("\tat ");
    }

    @Test
    void sarifAndJsonNameTheRulesWithHelpAndNeverCarryASecret() throws Exception {
        Path sarif = dir.resolve("preflight.sarif");
        Cli.Result text = Cli.run(Map.of(), "preflight", "--format", "sarif", "-o", sarif.toString(),
                FIXTURES.resolve("incident").toString());
        Cli.Result json = Cli.run(Map.of(), "preflight", "--format", "json", FIXTURES.resolve("incident").toString());

        JsonNode run = JSON.readTree(Files.readString(sarif)).get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("rules").findValuesAsText("id")).contains("GL-P001", "GL-P007");
        assertThat(run.get("tool").get("driver").get("rules").get(0).get("help").get("text").asText()).startsWith("Make every file");
        JsonNode first = run.get("results").get(0);
        assertThat(first.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText())
                .isEqualTo("auth/Dockerfile");
        assertThat(first.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(13);
        for (String output : new String[] {text.stdout(), json.stdout(), Files.readString(sarif)}) {
            assertThat(output).doesNotContain("hunter2");
        }
    }

    @Test
    void verifyWithPreflightNamesTheDriftAndAbortsBeforeAnyProbe() throws Exception {
        try (TestServer server = new TestServer()) {
            Path config = dir.resolve("greenlight.yaml");
            Files.writeString(config, "services: { auth: { url: \"%s\", checks: { health: { http: /ok } } } }"
                    .formatted(server.url("")));

            Cli.Result drift = Cli.run(Map.of(), "verify", "-c", config.toString(), "--preflight",
                    FIXTURES.resolve("incident").toString(), "--format", "json");
            Cli.Result clean = Cli.run(Map.of(), "verify", "-c", config.toString(), "--preflight",
                    FIXTURES.resolve("clean").toString());
            Cli.Result noDir = Cli.run(Map.of(), "verify", "-c", config.toString(), "--preflight", dir.resolve("nope").toString());

            JsonNode report = JSON.readTree(drift.stdout());
            assertThat(drift.exitCode()).isEqualTo(2);
            assertThat(report.get("phases").get(0).get("name").asText()).isEqualTo("preflight");
            assertThat(report.get("phases").get(1).get("status").asText()).isEqualTo("SKIPPED");
            JsonNode root = report.get("diagnosis").get("root_causes").get(0);
            assertThat(root.get("service").asText()).isEqualTo("auth");
            assertThat(root.get("signature").asText()).isEqualTo("DRIFT");
            assertThat(root.get("classification").asText()).isEqualTo("configuration");
            assertThat(drift.stdout()).doesNotContain("hunter2");
            assertThat(clean.exitCode()).isZero();
            assertThat(server.hits("/ok")).as("only the clean run probed").isEqualTo(1);
            assertThat(noDir.exitCode()).isEqualTo(64);
        }
    }

    @Test
    void aStartupProbeShorterThanTheStartVerifyMeasuredIsNamedWithBothNumbers() throws Exception {
        Path report = dir.resolve("verify.json");
        Cli.Result demo = Cli.run(Map.of(), "demo", "--scenario", "slow-start", "--settle", "20s", "-q", "--format", "json",
                "-o", report.toString());
        long readyAfter = JSON.readTree(Files.readString(report)).get("diagnosis").get("timelines").get("backend")
                .get("ready_after_ms").asLong();

        Cli.Result r = Cli.run(Map.of(), "preflight", FIXTURES.resolve("startup-budget").toString(), "--report", report.toString());
        Cli.Result without = Cli.run(Map.of(), "preflight", FIXTURES.resolve("startup-budget").toString());

        assertThat(demo.exitCode()).as(demo.stderr()).isZero();
        assertThat(readyAfter).isGreaterThan(6000);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("GL-P010 startup-budget").contains("backend: became ready after "
                + String.format(java.util.Locale.ROOT, "%.1f", readyAfter / 1000.0) + " s in verify.json, but the platform "
                + "allows 6 s (startupProbe: 0 + 2 x 3 s)");
        assertThat(without.exitCode()).as("without a measurement there is nothing to compare").isZero();
    }
}
