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
 */
record Round(CheckStatus status, FailureSignature signature, String detail, List<ConditionResult> conditions,
             Observation observation, int retriesUsed, boolean degraded, Long certainAtNanos) {

    Round(CheckStatus status, FailureSignature signature, String detail, List<ConditionResult> conditions,
          Observation observation, int retriesUsed, boolean degraded) {
        this(status, signature, detail, conditions, observation, retriesUsed, degraded, null);
    }

    static Round notRun(CheckStatus status, FailureSignature signature, String detail) {
        return new Round(status, signature, detail, List.of(), null, 0, false);
    }

    Round withRetries(int retries) {
        return new Round(status, signature, detail, conditions, observation, retries, degraded, certainAtNanos);
    }

    Round withCertainAt(Long nanos) {
        return new Round(status, signature, detail, conditions, observation, retriesUsed, degraded, nanos);
    }

    Round withDetail(String newDetail) {
        return new Round(status, signature, newDetail, conditions, observation, retriesUsed, degraded, certainAtNanos);
    }

    boolean passed() {
        return status == CheckStatus.PASS;
    }
}
