package dev.greenlight.plan;

import dev.greenlight.condition.ConditionResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import java.util.List;

/**
 * The outcome of one round of a check (an attempt and its retries).
 *
 * @param certainAtNanos when (monotonic) the failure became certain, if before the round ended: a
 *                       {@code [RESPONSE_TIME] <} bound passed while the attempt still listened for evidence
 * @param samples        the distribution, for a check with {@code samples: N}
 */
record Round(CheckStatus status, FailureSignature signature, String detail, List<ConditionResult> conditions,
             Observation observation, int retriesUsed, boolean degraded, Long certainAtNanos,
             dev.greenlight.condition.Samples samples) {

    Round(CheckStatus status, FailureSignature signature, String detail, List<ConditionResult> conditions,
          Observation observation, int retriesUsed, boolean degraded) {
        this(status, signature, detail, conditions, observation, retriesUsed, degraded, null, null);
    }

    static Round notRun(CheckStatus status, FailureSignature signature, String detail) {
        return new Round(status, signature, detail, List.of(), null, 0, false);
    }

    Round withRetries(int retries) {
        return new Round(status, signature, detail, conditions, observation, retries, degraded, certainAtNanos, samples);
    }

    Round withCertainAt(Long nanos) {
        return new Round(status, signature, detail, conditions, observation, retriesUsed, degraded, nanos, samples);
    }

    Round withDetail(String newDetail) {
        return new Round(status, signature, newDetail, conditions, observation, retriesUsed, degraded, certainAtNanos,
                samples);
    }

    Round withSamples(dev.greenlight.condition.Samples distribution) {
        return new Round(status, signature, detail, conditions, observation, retriesUsed, degraded, certainAtNanos,
                distribution);
    }

    boolean passed() {
        return status == CheckStatus.PASS;
    }
}
