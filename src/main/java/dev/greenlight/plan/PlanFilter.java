package dev.greenlight.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code verify --only}: keeps the named phases (whole) and the named checks (in their phases), with the auth
 * sources those checks need. Bars stay as written, over the checks kept.
 */
public final class PlanFilter {

    private PlanFilter() {
    }

    /** The plan cut to {@code names}; empty with the names that match no phase and no check. */
    public static Plan only(Plan plan, List<String> names, List<String> unknown) {
        Set<String> wanted = new LinkedHashSet<>(names);
        Set<String> matched = new LinkedHashSet<>();
        List<Phase> kept = new ArrayList<>();
        Set<String> authNeeded = new LinkedHashSet<>();
        for (Phase phase : plan.phases()) {
            if (phase.name().equals(PlanBuilder.AUTH_PHASE)) {
                continue; // kept below, cut to the sources the kept checks use
            }
            List<Check> checks = wanted.contains(phase.name()) ? phase.checks()
                    : phase.checks().stream().filter(c -> wanted.contains(c.id())).toList();
            if (wanted.contains(phase.name())) {
                matched.add(phase.name());
            }
            checks.forEach(c -> matched.add(c.id()));
            if (!checks.isEmpty()) {
                kept.add(new Phase(phase.name(), checks, phase.minPassRate(), phase.abortOnMiss()));
                checks.forEach(c -> c.auth().ifPresent(authNeeded::add));
            }
        }
        Optional<Phase> auth = plan.phases().stream().filter(p -> p.name().equals(PlanBuilder.AUTH_PHASE)).findFirst()
                .map(p -> new Phase(p.name(), p.checks().stream().filter(c -> authNeeded.contains(c.name())).toList(),
                        p.minPassRate(), p.abortOnMiss()))
                .filter(p -> !p.checks().isEmpty());
        auth.ifPresent(p -> kept.add(0, p));
        wanted.stream().filter(n -> !matched.contains(n)).forEach(unknown::add);
        return new Plan(plan.environment(), kept, plan.settle(), plan.concurrency(), plan.evidenceWindow(),
                plan.acceptDegraded(), plan.canary(), plan.secrets(), plan.tokens(), plan.services());
    }
}
