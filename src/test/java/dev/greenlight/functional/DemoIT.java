package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every demo scenario through the real CLI: the verdict, the exit code, and the failing checks with their signatures. */
class DemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode demo(int expectedExit, String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--format";
        all[args.length + 2] = "json";
        all[args.length + 3] = "-q";
        Cli.Result r = Cli.run(Map.of(), all);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(expectedExit);
        return JSON.readTree(r.stdout());
    }

    /** id -> signature of every check that did not pass. */
    private static Map<String, String> notPassed(JsonNode report) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode phase : report.get("phases")) {
            for (JsonNode check : phase.get("checks")) {
                if (!check.get("status").asText().equals("PASS")) {
                    out.put(check.get("id").asText(), check.get("signature").asText());
                }
            }
        }
        return out;
    }

    private static java.util.List<String> rootServices(JsonNode report) {
        java.util.List<String> out = new java.util.ArrayList<>();
        report.get("diagnosis").get("root_causes").forEach(r -> out.add(r.get("service").asText()));
        return out;
    }

    private static JsonNode check(JsonNode report, String id) {
        for (JsonNode phase : report.get("phases")) {
            for (JsonNode check : phase.get("checks")) {
                if (check.get("id").asText().equals(id)) {
                    return check;
                }
            }
        }
        throw new AssertionError("no check " + id);
    }

    @Test
    void healthyIsGo() throws Exception {
        JsonNode report = demo(0, "--scenario", "healthy");

        assertThat(report.get("verdict").asText()).isEqualTo("GO");
        assertThat(notPassed(report)).isEmpty();
        assertThat(report.get("diagnosis").get("all_healthy").asBoolean()).isTrue();
    }

    @Test
    void databaseUnreachableIsTheDefaultAndFailsEveryDependent() throws Exception {
        JsonNode report = demo(1);

        assertThat(report.get("verdict").asText()).isEqualTo("NO-GO");
        assertThat(notPassed(report)).containsEntry("backend.health", "HTTP_STATUS")
                .containsEntry("auth.ready", "HTTP_STATUS")
                .containsEntry("frontend.health", "BODY_MISMATCH")
                .containsEntry("websocket.agent-events", "WS_HANDSHAKE_REJECTED")
                .containsKey("postgres.reachable")
                .doesNotContainKey("redis.ping");
        assertThat(check(report, "backend.health").get("evidence").get("body").asText())
                .contains("\"startup_phase\":\"DATABASE\"");
        JsonNode roots = report.get("diagnosis").get("root_causes");
        assertThat(roots).hasSize(1);
        assertThat(roots.get(0).get("service").asText()).isEqualTo("postgres");
        assertThat(roots.get(0).get("classification").asText()).isEqualTo("infrastructure");
        assertThat(roots.get(0).get("cascades").findValuesAsText("service"))
                .containsExactlyInAnyOrder("backend", "auth", "websocket", "frontend");
    }

    @Test
    void authPortDriftIsRefusedAndBlocksTheGoldenPath() throws Exception {
        JsonNode report = demo(1, "--scenario", "auth-port-drift");

        assertThat(notPassed(report)).containsEntry("auth.health", "CONNECTION_REFUSED")
                .containsEntry("auth.e2e-user", "CONNECTION_REFUSED")
                .containsEntry("websocket.agent-events", "BLOCKED")
                .doesNotContainKey("backend.health");
        JsonNode roots = report.get("diagnosis").get("root_causes");
        assertThat(rootServices(report)).containsExactly("auth");
        assertThat(roots.get(0).get("classification").asText()).isEqualTo("configuration");
    }

    @Test
    void anOldRevisionStillServingIsWrongVersionNotGo() throws Exception {
        JsonNode report = demo(1, "--scenario", "auth-old-revision");

        assertThat(notPassed(report)).containsOnly(Map.entry("auth.health", "WRONG_VERSION"), Map.entry("auth.ready", "WRONG_VERSION"));
        assertThat(check(report, "auth.health").get("detail").asText()).contains("runs version 1.4.1 (body 'version'), not 1.4.2");
        assertThat(rootServices(report)).containsExactly("auth");
    }

    @Test
    void theEmergencyBypassStaysBrokenWhateverTheSettleBudget() throws Exception {
        JsonNode report = demo(1, "--scenario", "emergency-bypass", "--settle", "4s");

        JsonNode health = check(report, "backend.health");
        assertThat(health.get("signature").asText()).isEqualTo("HTTP_STATUS");
        assertThat(health.get("attempts").asInt()).isGreaterThan(1);
        assertThat(health.get("evidence").get("body").asText()).contains("\"startup_phase\":\"CACHE\"")
                .contains("\"emergency_mode\":true");
        JsonNode backend = report.get("diagnosis").get("timelines").get("backend");
        assertThat(backend.get("state").asText()).isEqualTo("STUCK");
        assertThat(backend.get("startup_phase").asText()).isEqualTo("CACHE");
        assertThat(backend.get("emergency_mode").asBoolean()).isTrue();
    }

    @Test
    void aSlowStartIsGoWithASettleBudgetAndSaysWhenItWasReady() throws Exception {
        JsonNode report = demo(0, "--scenario", "slow-start", "--settle", "20s");

        assertThat(check(report, "backend.health").get("first_success_ms").asLong()).isGreaterThan(5000);
        JsonNode backend = report.get("diagnosis").get("timelines").get("backend");
        assertThat(backend.get("state").asText()).isEqualTo("STARTED_LATE");
        assertThat(backend.get("ready_after_ms").asLong()).isGreaterThan(5000);
    }

    @Test
    void aSlowDatabaseIsDegraded() throws Exception {
        JsonNode report = demo(3, "--scenario", "slow-database");

        assertThat(report.get("verdict").asText()).isEqualTo("DEGRADED");
        assertThat(check(report, "backend.health").get("degraded").asBoolean()).isTrue();
        assertThat(check(report, "backend.health").get("evidence").get("body").asText()).contains("\"warn\"");
    }

    @Test
    void aMissingAgentEventNamesTheFirstEventNotReceived() throws Exception {
        JsonNode report = demo(1, "--scenario", "missing-agent-event");

        assertThat(notPassed(report)).containsOnlyKeys("websocket.agent-events");
        assertThat(rootServices(report)).containsExactly("websocket");
        assertThat(report.get("diagnosis").get("root_causes").get(0).get("classification").asText()).isEqualTo("application");
        assertThat(check(report, "websocket.agent-events").get("detail").asText()).startsWith("'tool_completed' not received");
    }

    @Test
    void aCacheDownIsDegraded() throws Exception {
        JsonNode report = demo(3, "--scenario", "cache-down");

        assertThat(notPassed(report)).containsOnly(Map.entry("redis.ping", "CONNECTION_REFUSED"));
    }

    @Test
    void listShowsEveryScenarioAndAnUnknownOneIsBadUsage() throws Exception {
        Cli.Result list = Cli.run(Map.of(), "demo", "--list");
        Cli.Result unknown = Cli.run(Map.of(), "demo", "--scenario", "nope");

        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).contains("healthy", "db-unreachable", "auth-port-drift", "emergency-bypass", "slow-start",
                "slow-database", "missing-agent-event", "cache-down");
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.stderr()).contains("unknown scenario 'nope'");
    }

    @Test
    void theWrittenPlanIsAValidConfigurationWithItsSecretKeptOut() throws Exception {
        Path plan = dir.resolve("demo.yaml");

        Cli.Result r = Cli.run(Map.of(), "demo", "--scenario", "healthy", "--write-config", plan.toString(), "-q");

        assertThat(r.exitCode()).isZero();
        assertThat(new ConfigLoader(Map.<String, String>of()::get).load(plan).services())
                .containsKeys("postgres", "redis", "backend", "auth", "websocket", "frontend");
        assertThat(r.stdout()).doesNotContain("demo-client-secret");
    }
}
