package dev.greenlight.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a run found. {@code decidedAfter} is when the verdict became certain, which can be
 * before {@code duration} ends (evidence gathering may go on for a bounded time).
 */
public record RunResult(String environment, Verdict verdict, int exitCode, List<String> reasons, Instant startedAt,
                        Duration decidedAfter, Duration duration, List<PhaseResult> phases,
                        Optional<CheckResult> canary, java.util.Map<String, ServiceInfo> services) {

    public RunResult {
        reasons = List.copyOf(reasons);
        phases = List.copyOf(phases);
        services = java.util.Map.copyOf(services);
    }

    public List<CheckResult> checks() {
        return phases.stream().flatMap(p -> p.checks().stream()).toList();
    }
}
