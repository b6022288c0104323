package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import dev.greenlight.probe.Probe;
import dev.greenlight.probe.ProbeContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The verdict's rules on results that no real server can produce on demand (a probe past its hard deadline). */
class VerdictRuleTest {

    private static final Probe CANARY_PROBE = new Probe() {
        @Override
        public String target() {
            return "GET http://canary.example/";
        }

        @Override
        public Observation observe(ProbeContext context, Clock clock) {
            throw new AssertionError("not run in this test");
        }
    };

    @Test
    void aCanaryThatOverranItsHardDeadlineIsInconclusiveNotACrash() {
        Check canary = Check.simple("canary", "canary", "canary", CANARY_PROBE, Duration.ofSeconds(1), 1, true);
        CheckResult overran = CheckResult.notRun(canary, CheckStatus.ERROR, FailureSignature.INTERNAL_ERROR,
                "the probe did not return within its hard deadline", List.of());

        VerdictRule.Decision decision = VerdictRule.decide(List.of(), Optional.of(overran));

        assertThat(decision.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(decision.reasons()).containsExactly("the canary GET http://canary.example/ did not answer "
                + "(INTERNAL_ERROR): Greenlight cannot see the network from here");
    }
}
