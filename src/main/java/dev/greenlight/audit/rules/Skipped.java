package dev.greenlight.audit.rules;

import dev.greenlight.audit.AuditInput;
import dev.greenlight.audit.AuditRule;
import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.audit.ReportFile;
import dev.greenlight.audit.TestCase;
import dev.greenlight.audit.TestSuite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GL-A003: a suite whose every test was skipped (error), or a run that skipped more than {@code --max-skipped}
 * (warning), with the skip reasons grouped: a missing variable that skips a whole e2e suite is the classic.
 */
public final class Skipped implements AuditRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A003", "skipped",
                "Every test of a suite skipped, or more skipped than --max-skipped, with the reasons grouped",
                "Provide what the skipped tests wait for (the variable or service named in the reason) or stop counting them as a test stage.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        List<Finding> out = new ArrayList<>();
        long all = 0;
        List<TestCase> skipped = new ArrayList<>();
        for (ReportFile report : input.reports()) {
            for (TestSuite suite : report.suites()) {
                List<TestCase> here = suite.cases().stream().filter(c -> c.outcome() == TestCase.Outcome.SKIPPED).toList();
                all += suite.cases().size();
                skipped.addAll(here);
                if (!suite.cases().isEmpty() && here.size() == suite.cases().size()) {
                    out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), suite.line(), suite.name(), null,
                            report.file() + ": every test of suite '" + suite.name() + "' was skipped (" + here.size()
                                    + "): " + reasons(here)));
                }
            }
        }
        if (all > 0 && (double) skipped.size() / all > input.maxSkipped()) {
            out.add(new Finding(id(), name(), Finding.Severity.WARNING, null, 0, null, null, skipped.size() + " of " + all
                    + " tests skipped (" + JUnitText.percent((double) skipped.size() / all) + ", more than "
                    + JUnitText.percent(input.maxSkipped()) + "): " + reasons(skipped)));
        }
        return out;
    }

    /** "missing E2E_URL (12), not on CI (2)": the reasons, most frequent first. */
    private static String reasons(List<TestCase> skipped) {
        Map<String, Long> counts = skipped.stream().collect(Collectors.groupingBy(
                c -> c.message() == null || c.message().isBlank() ? "(no reason given)" : c.message().strip(),
                LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    }
}
