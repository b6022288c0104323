package dev.greenlight.plan;

import dev.greenlight.condition.ConditionResult;
import dev.greenlight.health.HealthParser;
import dev.greenlight.health.HealthReport;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one check with its evidence: the last observation, the conditions with the values
 * seen, and the timeline of every attempt.
 *
 * @param retriesUsed  retries spent in the round that decided the status (a PASS with retries is flaky)
 * @param firstSuccess when the check first passed, from the start of the run
 * @param degraded     the service answered but says it runs degraded
 * @param samples      the distribution of the last attempt of a check with {@code samples: N} (null otherwise)
 * @param health       what the observation's body says, as it was judged (null: not read then; see {@link #health()})
 */
public record CheckResult(Check check, CheckStatus status, FailureSignature signature, String detail,
                          List<ConditionResult> conditions, List<Attempt> timeline, Observation observation,
                          int retriesUsed, Optional<Duration> firstSuccess, boolean degraded,
                          dev.greenlight.condition.Samples samples, HealthReport health) {

    public CheckResult {
        conditions = List.copyOf(conditions);
        timeline = List.copyOf(timeline);
    }

    public static CheckResult notRun(Check check, CheckStatus status, FailureSignature signature, String detail,
                                     List<Attempt> timeline) {
        return new CheckResult(check, status, signature, detail, List.of(), timeline, null, 0, Optional.empty(), false, null,
                HealthReport.NONE);
    }

    /** What the observation's body says: as the judge read it during the run, else read now (a canary's answer). */
    @Override
    public HealthReport health() {
        if (health != null) {
            return health;
        }
        return observation == null ? HealthReport.NONE : HealthParser.parse(observation.body());
    }

    public boolean passed() {
        return status == CheckStatus.PASS;
    }

    public boolean flaky() {
        return passed() && retriesUsed > 0;
    }

    /**
     * It passed at some point and failed after that: readiness that did not hold (flapping or regressed). An answer from
     * the previous release after a pass ({@code WRONG_VERSION}) is not readiness lost: a rolling update answers from both
     * releases until it ends.
     */
    public boolean failedAfterPassing() {
        if (check.sampling().isPresent()) {
            return false; // its timeline holds samples: their success rate is judged instead
        }
        boolean passedOnce = false;
        for (Attempt a : timeline) {
            if (a.passed()) {
                passedOnce = true;
            } else if (passedOnce && a.signature() != FailureSignature.CANCELLED && a.signature() != FailureSignature.WRONG_VERSION) {
                return true;
            }
        }
        return false;
    }

    public int attempts() {
        return timeline.size();
    }

    public Duration duration() {
        return timeline.stream().map(Attempt::took).reduce(Duration.ZERO, Duration::plus);
    }
}
