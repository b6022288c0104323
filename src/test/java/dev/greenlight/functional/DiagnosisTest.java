package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.demo.DemoStack;
import dev.greenlight.demo.Scenario;
import dev.greenlight.diagnose.Classification;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The diagnosis of the demo's scenarios: one root cause, its class, its cascades, the startup timelines. */
class DiagnosisTest {

    private static Diagnosis diagnose(Scenario scenario, String settle) throws Exception {
        try (DemoStack stack = DemoStack.start(scenario)) {
            return Diagnoser.diagnose(Runs.run(settle + stack.plan(), Map.of()));
        }
    }

    @Test
    void aBrokenPathToTheDatabaseIsOneInfrastructureRootCauseWithEveryServiceAsItsCascade() throws Exception {
        Diagnosis d = diagnose(Scenario.DB_UNREACHABLE, "");

        assertThat(d.rootCauses()).hasSize(1);
        Diagnosis.RootCause root = d.rootCauses().get(0);
        assertThat(root.service()).isEqualTo("postgres");
        assertThat(root.classification()).isEqualTo(Classification.INFRASTRUCTURE);
        assertThat(root.cascades()).extracting(Diagnosis.Cascade::service)
                .containsExactlyInAnyOrder("backend", "auth", "websocket", "frontend");
        assertThat(root.why()).first().asString().startsWith("websocket.agent-events: WS_HANDSHAKE_REJECTED");
        assertThat(root.why()).last().asString().startsWith("postgres: unreachable from backend");
        assertThat(root.impact().goldenPathBlocked()).isTrue();
        assertThat(root.impact().arrAtRisk()).isEqualTo(500000);
    }

    @Test
    void portDriftIsAConfigurationRootCauseInAuth() throws Exception {
        Diagnosis d = diagnose(Scenario.AUTH_PORT_DRIFT, "");

        assertThat(d.rootCauses()).extracting(Diagnosis.RootCause::service).containsExactly("auth");
        assertThat(d.rootCauses().get(0).classification()).isEqualTo(Classification.CONFIGURATION);
        assertThat(d.rootCauses().get(0).cascades()).extracting(Diagnosis.Cascade::service)
                .contains("websocket", "frontend").doesNotContain("backend", "postgres");
    }

    @Test
    void aMissingEventIsTheWebSocketsOwnApplicationFault() throws Exception {
        Diagnosis d = diagnose(Scenario.MISSING_AGENT_EVENT, "");

        assertThat(d.rootCauses()).hasSize(1);
        assertThat(d.rootCauses().get(0).service()).isEqualTo("websocket");
        assertThat(d.rootCauses().get(0).classification()).isEqualTo(Classification.APPLICATION);
        assertThat(d.rootCauses().get(0).cascades()).isEmpty();
    }

    @Test
    void healthyHasNothingToDiagnose() throws Exception {
        assertThat(diagnose(Scenario.HEALTHY, "").allHealthy()).isTrue();
    }

    @Test
    void aBodyThatContradictsItsStatusIsTakenAtItsWordAndNoted() throws Exception {
        try (TestServer server = new TestServer()) {
            RunResult run = Runs.run("""
                    services:
                      api: { url: %s, checks: { health: { http: /says-down } } }
                    """.formatted(server.url("")), Map.of());

            Diagnosis d = Diagnoser.diagnose(run);

            assertThat(d.notes()).containsExactly("api.health: HTTP 200 but its body says unhealthy (spring); the body is "
                    + "taken as the service's word");
            assertThat(d.rootCauses()).extracting(Diagnosis.RootCause::service).containsExactly("api/db");
        }
    }

    @Test
    void theEmergencyBypassIsStuckAtCacheNotSlow() throws Exception {
        Diagnosis d = diagnose(Scenario.EMERGENCY_BYPASS, "settle: 3s\n");

        Diagnosis.Timeline backend = d.timelines().get("backend");
        assertThat(backend.state()).isEqualTo("STUCK");
        assertThat(backend.startupPhase()).isEqualTo("CACHE");
        assertThat(backend.emergencyMode()).isTrue();
    }

    @Test
    void aSlowStartStartedLateWithItsTime() throws Exception {
        Diagnosis d = diagnose(Scenario.SLOW_START, "settle: 20s\n");

        Diagnosis.Timeline backend = d.timelines().get("backend");
        assertThat(backend.state()).isEqualTo("STARTED_LATE");
        assertThat(backend.readyAfterMs()).isGreaterThan(5000L);
        assertThat(d.allHealthy()).isTrue();
    }

    @Test
    void theEmergencyBypassIsDecidedStuckLongBeforeALongSettleBudgetEnds() throws Exception {
        try (DemoStack stack = DemoStack.start(Scenario.EMERGENCY_BYPASS)) {
            RunResult run = Runs.run("settle: 60s\n" + stack.plan(), Map.of());

            assertThat(run.decidedAfter()).isLessThan(java.time.Duration.ofSeconds(20));
            assertThat(run.duration()).isLessThan(java.time.Duration.ofSeconds(30));
            var health = run.checks().stream().filter(c -> c.check().id().equals("backend.health")).findFirst().orElseThrow();
            assertThat(health.detail()).startsWith("stuck at phase CACHE since ").contains("answers without progress, emergency mode on)");
            assertThat(Diagnoser.diagnose(run).timelines().get("backend").state()).isEqualTo("STUCK");
        }
    }

    @Test
    void aSlowStartWithoutSettleBlamesTheUnfinishedStartNotTheDatabaseGreenlightReaches() throws Exception {
        Diagnosis d = diagnose(Scenario.SLOW_START, "");

        assertThat(d.rootCauses()).extracting(Diagnosis.RootCause::service).containsExactly("backend");
        assertThat(d.rootCauses().get(0).signature()).isEqualTo("STARTING");
        assertThat(d.rootCauses().get(0).nextChecks().get(0)).contains("run with --settle");
    }
}
