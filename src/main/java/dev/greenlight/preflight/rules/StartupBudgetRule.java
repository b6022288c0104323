package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.ObservedStartup;
import dev.greenlight.preflight.PreflightRule;
import dev.greenlight.preflight.StartupBudget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * GL-P010: the platform's startup budget is shorter than the start a Greenlight verify run measured (its startup
 * timeline, {@code --report verify.json}): the platform would kill or never route to the service before it is
 * ready. A start Greenlight saw stuck is named too.
 */
public final class StartupBudgetRule implements PreflightRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P010", "startup-budget", "The platform's startup budget is shorter than the measured start",
                "Give the startup probe a larger failureThreshold or period (or Cloud Run a longer startup probe), or make "
                        + "the start faster; a start that never finishes needs a fix, not a budget.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (ObservedStartup seen : model.observed()) {
            Optional<StartupBudget> budget = model.budgets().stream().filter(b -> b.service().equals(seen.service()))
                    .min(Comparator.comparingLong(StartupBudget::seconds));
            if (budget.isEmpty()) {
                continue;
            }
            StartupBudget b = budget.get();
            if (seen.state().equals("STUCK")) {
                out.add(finding(Finding.Severity.ERROR, seen.service(), List.of(b.place()), seen.service() + ": " + seen.report()
                        + " saw its start never finish (STUCK); no startup budget (" + b.how() + ", " + b.seconds()
                        + " s) will make it ready"));
            } else if (seen.readyAfterMs() > b.seconds() * 1000) {
                out.add(finding(Finding.Severity.ERROR, seen.service(), List.of(b.place()), seen.service() + ": became ready after "
                        + String.format(java.util.Locale.ROOT, "%.1f", seen.readyAfterMs() / 1000.0) + " s in " + seen.report()
                        + ", but the platform allows " + b.seconds() + " s (" + b.how() + ")"));
            }
        }
        return out;
    }
}
