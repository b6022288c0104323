package dev.greenlight.plan;

/**
 * PASSED: bar met. FAILED: bar missed. ABORTED: bar missed with abort_on_miss. SKIPPED: never ran.
 * NOT_GATING: a phase with a 0% bar (it cannot miss) where not every check passed: never shown as passed.
 */
public enum PhaseStatus {
    PASSED, FAILED, ABORTED, SKIPPED, NOT_GATING
}
