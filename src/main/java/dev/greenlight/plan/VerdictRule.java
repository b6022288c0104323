package dev.greenlight.plan;

import dev.greenlight.probe.FailureSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * From phase results to a verdict, in order: cannot observe (INCONCLUSIVE), aborted, a bar missed (NO-GO; INCONCLUSIVE
 * when what failed only could not see its target: a pooler answering for a database), a deployed version that no answer
 * confirmed (INCONCLUSIVE), anything short of a clean pass (DEGRADED), else GO. A check that did not run never counts
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
            List<CheckResult> failed = observed.stream().filter(c -> !c.passed()).toList();
            if (!failed.isEmpty() && failed.stream().allMatch(c -> c.signature().isUnobservable())) {
                return new Decision(Verdict.INCONCLUSIVE, failed.stream().map(c -> c.check().id() + " could not see its "
                        + "target (" + c.signature() + "): " + c.detail()).toList());
            }
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
                reasons.add(check.check().id() + ": the service's health body says it runs degraded, or that a dependency is down");
            }
        }
        List<String> unconfirmed = unconfirmedVersions(checks);
        if (!unconfirmed.isEmpty()) {
            List<String> all = new ArrayList<>(unconfirmed);
            all.addAll(reasons);
            return new Decision(Verdict.INCONCLUSIVE, all);
        }
        return reasons.isEmpty() ? new Decision(Verdict.GO, List.of("every check passed"))
                : new Decision(Verdict.DEGRADED, reasons);
    }

    /**
     * The services with an {@code expected_version} that no answer confirmed and none contradicted: whether the deployed
     * release is the one answering could not be seen, so the run cannot be GO.
     */
    private static List<String> unconfirmedVersions(List<CheckResult> checks) {
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CheckResult c : checks) {
            if (c.check().expectedVersion().isEmpty()) {
                continue;
            }
            String version = c.check().expectedVersion().get();
            expected.put(c.check().service(), version);
            // the judge's own comparison, among the check's conditions: confirmed when it held on a passing answer
            if (c.signature() == FailureSignature.WRONG_VERSION || c.passed() && c.conditions().stream()
                    .anyMatch(r -> r.success() && r.condition().equals(Judge.versionCondition(version)))) {
                seen.add(c.check().service());
            }
        }
        List<String> reasons = new ArrayList<>();
        expected.forEach((service, version) -> {
            if (!seen.contains(service)) {
                reasons.add(service + ": no passing answer said which version it runs, so expected_version " + version
                        + " is not confirmed (looked for version, commit, revision, release, git.commit.id... in its health "
                        + "body and X-Version, X-Revision, X-Commit... headers): check an endpoint that reports it");
            }
        });
        return reasons;
    }
}
