package dev.greenlight.cli;

import dev.greenlight.finding.Finding;
import dev.greenlight.plan.Check;
import dev.greenlight.plan.Phase;
import dev.greenlight.plan.Plan;
import dev.greenlight.preflight.Preflight;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import dev.greenlight.probe.Probe;
import dev.greenlight.probe.ProbeContext;
import dev.greenlight.probe.Timings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code verify --preflight DIR}: the repository's drift as a first phase, {@code preflight}, that aborts the run
 * when it has an error: each error finding is a failing check of the service it names ({@code DRIFT}), so the
 * diagnosis lays the deploy's failure at the drift before a single probe is sent. Without errors the phase
 * holds one passing check.
 */
final class PreflightPhase {

    private PreflightPhase() {
    }

    static Plan prepend(Plan plan, Path dir, dev.greenlight.config.PreflightConfig settings) throws IOException {
        List<Finding> errors = dev.greenlight.preflight.Suppressions.apply(dir, Preflight.check(Preflight.scan(dir),
                Preflight.rules(settings.flags())), PreflightCommand.ignores(settings)).kept().stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        List<Check> checks = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Finding f : errors) {
            String service = f.suite() == null ? "preflight" : f.suite();
            String name = "preflight-" + f.ruleId();
            int n = seen.merge(service + "." + name, 1, Integer::sum);
            name = n == 1 ? name : name + "-" + n;
            checks.add(Check.fixed(service + "." + name, service, name, new FindingProbe(dir + "/" + f.file() + ":" + f.line(),
                    f.ruleId() + " " + f.rule() + ": " + f.message())));
        }
        if (checks.isEmpty()) {
            checks.add(Check.fixed("preflight.clean", "preflight", "clean", new FindingProbe(dir.toString(), null)));
        }
        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase("preflight", checks, 1.0, true));
        phases.addAll(plan.phases());
        return new Plan(plan.environment(), phases, plan.settle(), plan.concurrency(), plan.evidenceWindow(),
                plan.acceptDegraded(), plan.canary(), plan.secrets(), plan.tokens(), plan.services());
    }

    /** Answers at once with what preflight found: a failure (DRIFT) with the finding, or a pass. */
    private record FindingProbe(String target, String problem) implements Probe {
        @Override
        public Observation observe(ProbeContext context, Clock clock) {
            if (problem != null) {
                return Observation.failed(target, clock.instant(), FailureSignature.DRIFT, problem, Timings.total(Duration.ZERO));
            }
            return new Observation(target, clock.instant(), true, FailureSignature.NONE,
                    "no error in the repository's deployment files", Timings.total(Duration.ZERO), null, Map.of(), null,
                    null, null);
        }
    }
}
