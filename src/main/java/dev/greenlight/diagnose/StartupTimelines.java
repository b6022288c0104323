package dev.greenlight.diagnose;

import dev.greenlight.health.HealthReport;
import dev.greenlight.plan.Attempt;
import dev.greenlight.plan.CheckResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How each service came up over a settled run, from the timeline of its main check (the first one that
 * got an HTTP answer with a health body, else its first check): UP, STARTED_LATE, STUCK, DOWN, FLAPPING,
 * REGRESSED. Empty for a run of one pass, where there is no timeline to read.
 */
final class StartupTimelines {

    private StartupTimelines() {
    }

    static Map<String, Diagnosis.Timeline> of(Map<String, List<CheckResult>> checks, Function<CheckResult, HealthReport> reports) {
        Map<String, Diagnosis.Timeline> out = new LinkedHashMap<>();
        boolean settled = checks.values().stream().flatMap(List::stream).anyMatch(c -> c.attempts() > 1);
        if (!settled) {
            return out;
        }
        for (Map.Entry<String, List<CheckResult>> e : checks.entrySet()) {
            CheckResult main = main(e.getValue(), reports);
            List<Attempt> attempts = main.timeline();
            if (attempts.isEmpty()) {
                continue;
            }
            HealthReport report = reports.apply(main);
            out.put(e.getKey(), new Diagnosis.Timeline(state(main, attempts),
                    main.firstSuccess().map(d -> d.toMillis()).orElse(null), report.startupPhase(), report.emergencyMode()));
        }
        return out;
    }

    /** The check that best shows a service's readiness: one whose answer carried a health body. */
    static CheckResult main(List<CheckResult> checks, Function<CheckResult, HealthReport> reports) {
        return checks.stream().filter(c -> !reports.apply(c).format().equals("none")).findFirst()
                .or(() -> checks.stream().filter(c -> c.observation() != null && c.observation().status() != null).findFirst())
                .orElse(checks.get(0));
    }

    private static String state(CheckResult main, List<Attempt> attempts) {
        int transitions = 0;
        for (int i = 1; i < attempts.size(); i++) {
            transitions += attempts.get(i).passed() != attempts.get(i - 1).passed() ? 1 : 0;
        }
        boolean firstPassed = attempts.get(0).passed();
        boolean lastPassed = attempts.get(attempts.size() - 1).passed();
        boolean everPassed = attempts.stream().anyMatch(Attempt::passed);
        if (!everPassed) {
            return main.observation() != null && main.observation().status() != null ? "STUCK" : "DOWN";
        }
        if (transitions == 0) {
            return "UP";
        }
        if (transitions == 1) {
            return firstPassed ? "REGRESSED" : "STARTED_LATE";
        }
        return lastPassed ? "FLAPPING" : "REGRESSED";
    }
}
