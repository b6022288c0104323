package dev.greenlight.plan;

import dev.greenlight.condition.ConditionResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import java.util.List;

/** The outcome of one round of a check (an attempt and its retries). */
record Round(CheckStatus status, FailureSignature signature, String detail, List<ConditionResult> conditions,
             Observation observation, int retriesUsed, boolean degraded) {

    static Round notRun(CheckStatus status, FailureSignature signature, String detail) {
        return new Round(status, signature, detail, List.of(), null, 0, false);
    }

    Round withRetries(int retries) {
        return new Round(status, signature, detail, conditions, observation, retries, degraded);
    }

    boolean passed() {
        return status == CheckStatus.PASS;
    }
}
