package dev.greenlight.audit.rules;

import dev.greenlight.audit.AuditInput;
import dev.greenlight.audit.AuditRule;
import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.audit.ReportFile;
import dev.greenlight.audit.TestSuite;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** GL-A007: with {@code --baseline}: fewer tests than the previous audit, and which ones disappeared. */
public final class Shrinking implements AuditRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A007", "shrinking-suite",
                "Fewer tests than the --baseline audit; the tests that disappeared",
                "Find where the tests went (a rename, a deleted file, a collection filter) before trusting the green.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        if (input.baseline().isEmpty()) {
            return List.of();
        }
        Set<String> now = new LinkedHashSet<>();
        for (ReportFile report : input.reports()) {
            for (TestSuite suite : report.suites()) {
                suite.cases().forEach(c -> now.add(c.id()));
            }
        }
        AuditInput.Baseline before = input.baseline().get();
        List<String> gone = before.testIds().stream().filter(id -> !now.contains(id)).toList();
        if (gone.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        out.add(new Finding(id(), name(), Finding.Severity.ERROR, before.file(), 0, null, null, gone.size() + " of the "
                + before.testIds().size() + " tests of " + before.file() + " are gone (" + now.size() + " now): "
                + String.join(", ", gone.stream().limit(10).toList()) + (gone.size() > 10 ? ", ..." : "")));
        return out;
    }
}
