package dev.greenlight.plan;

import java.util.List;

/**
 * A phase's outcome: its status, how many passed against how many were required, each check, and
 * when (from the start of the run) the outcome became certain.
 */
public record PhaseResult(String name, PhaseStatus status, int passed, int required, List<CheckResult> checks,
                          java.time.Duration decidedAfter, String reason) {

    public PhaseResult {
        checks = List.copyOf(checks);
    }

    public static PhaseResult skipped(Phase phase, String reason) {
        List<CheckResult> skipped = phase.checks().stream()
                .map(c -> CheckResult.notRun(c, CheckStatus.SKIPPED, dev.greenlight.probe.FailureSignature.NOT_RUN, reason,
                        List.of()))
                .toList();
        return new PhaseResult(phase.name(), PhaseStatus.SKIPPED, 0, phase.required(), skipped, null, reason);
    }

    public boolean missed() {
        return status == PhaseStatus.FAILED || status == PhaseStatus.ABORTED;
    }

    public double passRate() {
        return checks.isEmpty() ? 0 : (double) passed / checks.size();
    }
}
