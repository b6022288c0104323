package dev.greenlight.plan;

/** PASSED: bar met. FAILED: bar missed. ABORTED: bar missed with abort_on_miss. SKIPPED: never ran. */
public enum PhaseStatus {
    PASSED, FAILED, ABORTED, SKIPPED
}
