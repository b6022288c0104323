package dev.greenlight.plan;

import dev.greenlight.probe.FailureSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * From phase results to a verdict, in order: cannot observe (INCONCLUSIVE), aborted, a bar missed
 * (NO-GO), anything short of a clean pass (DEGRADED), else GO. A check that did not run never counts
 * as passed, so GO needs every check of every phase to have passed.
 */
final class VerdictRule {

    record Decision(Verdict verdict, List<String> reasons) {
    }

    private VerdictRule() {
    }

    static Decision decide(List<PhaseResult> phases, Optional<CheckResult> canary) {
        if (canary.isPresent() && !canary.get().passed()) {
            CheckResult c = canary.get();
            String target = c.observation() != null ? c.observation().target() : c.check().probe().target();
            return new Decision(Verdict.INCONCLUSIVE, List.of("the canary " + target
                    + " did not answer (" + canary.get().signature() + "): Greenlight cannot see the network from here"));
        }
        List<CheckResult> checks = phases.stream().flatMap(p -> p.checks().stream()).toList();
        if (checks.isEmpty()) {
            return new Decision(Verdict.INCONCLUSIVE, List.of("the plan has no runnable check"));
        }
        List<CheckResult> observed = checks.stream()
                .filter(c -> c.status() == CheckStatus.PASS || c.status() == CheckStatus.FAIL).toList();
        if (!observed.isEmpty() && observed.stream().allMatch(c -> !c.passed() && c.signature().isNetworkBlind())) {
            return new Decision(Verdict.INCONCLUSIVE, List.of("every target failed with " + observed.stream()
                    .map(c -> c.signature().name()).distinct().toList()
                    + ": Greenlight may not see the targets' network from here (wrong network, VPN, DNS)"));
        }
        if (observed.isEmpty()) {
            return new Decision(Verdict.INCONCLUSIVE, List.of("no check completed: nothing was observed"));
        }
        List<String> reasons = new ArrayList<>();
        Verdict verdict = null;
        for (PhaseResult phase : phases) {
            if (phase.missed()) {
                reasons.add("phase '" + phase.name() + "' missed its bar: " + phase.reason());
                if (verdict == null) {
                    verdict = phase.status() == PhaseStatus.ABORTED ? Verdict.ABORTED : Verdict.NO_GO;
                }
            }
            if (phase.status() == PhaseStatus.ABORTED) {
                reasons.add("later phases were not run (abort_on_miss)");
                break;
            }
        }
        if (verdict != null) {
            if (observed.stream().allMatch(c -> c.signature() == FailureSignature.DNS_NXDOMAIN)) {
                reasons.add("every target name does not exist (NXDOMAIN) for the resolver Greenlight asked: the names are "
                        + "wrong, or they live in a private DNS zone this resolver does not serve");
            }
            return new Decision(verdict, reasons);
        }
        for (CheckResult check : checks) {
            if (!check.passed()) {
                reasons.add(check.check().id() + " " + check.status() + " (" + check.signature() + ") within a met bar");
            } else if (check.failedAfterPassing()) {
                reasons.add(check.check().id() + " passed, failed, then passed again: readiness flapped");
            } else if (check.degraded()) {
                reasons.add(check.check().id() + ": the service says it runs degraded");
            }
        }
        return reasons.isEmpty() ? new Decision(Verdict.GO, List.of("every check passed"))
                : new Decision(Verdict.DEGRADED, reasons);
    }
}
