package dev.greenlight.plan;

import dev.greenlight.condition.ConditionResult;
import dev.greenlight.health.HealthReport;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import java.util.List;

/**
 * The outcome of one round of a check (an attempt and its retries).
 *
 * @param certainAtNanos when (monotonic) the failure became certain, if before the round ended: a
 *                       {@code [RESPONSE_TIME] <} bound passed while the attempt still listened for evidence
 * @param samples        the distribution, for a check with {@code samples: N}
 * @param health         what the observation's body says, as the judge read it (null: not read; read it when needed)
 */
record Round(CheckStatus status, FailureSignature signature, String detail, List<ConditionResult> conditions,
             Observation observation, int retriesUsed, boolean degraded, Long certainAtNanos,
             dev.greenlight.condition.Samples samples, HealthReport health) {

    Round(CheckStatus status, FailureSignature signature, String detail, List<ConditionResult> conditions,
          Observation observation, int retriesUsed, boolean degraded) {
        this(status, signature, detail, conditions, observation, retriesUsed, degraded, null, null, null);
    }

    static Round notRun(CheckStatus status, FailureSignature signature, String detail) {
        return new Round(status, signature, detail, List.of(), null, 0, false);
    }

    Round withRetries(int retries) {
        return new Round(status, signature, detail, conditions, observation, retries, degraded, certainAtNanos, samples, health);
    }

    Round withCertainAt(Long nanos) {
        return new Round(status, signature, detail, conditions, observation, retriesUsed, degraded, nanos, samples, health);
    }

    Round withDetail(String newDetail) {
        return new Round(status, signature, newDetail, conditions, observation, retriesUsed, degraded, certainAtNanos,
                samples, health);
    }

    Round withSamples(dev.greenlight.condition.Samples distribution) {
        return new Round(status, signature, detail, conditions, observation, retriesUsed, degraded, certainAtNanos,
                distribution, health);
    }

    /** This round with what its observation's body says, read once where it was judged. */
    Round withHealth(HealthReport read) {
        return new Round(status, signature, detail, conditions, observation, retriesUsed, degraded, certainAtNanos, samples,
                read);
    }

    boolean passed() {
        return status == CheckStatus.PASS;
    }
}
