package dev.greenlight.audit.rules;

import dev.greenlight.audit.AuditInput;
import dev.greenlight.audit.AuditRule;
import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.audit.ReportFile;
import dev.greenlight.audit.TestCase;
import dev.greenlight.audit.TestSuite;
import java.util.ArrayList;
import java.util.List;

/** GL-A006: tests that passed only on a rerun (surefire's flakyFailure, pytest-rerunfailures), with their counts. */
public final class Flaky implements AuditRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A006", "flaky",
                "Tests that passed only after failing runs",
                "Fix the race behind the rerun; a pass that needed a rerun is not a stable pass.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        List<Finding> out = new ArrayList<>();
        for (ReportFile report : input.reports()) {
            if (report.reruns() > 0) {
                out.add(new Finding(id(), name(), Finding.Severity.WARNING, report.file(), 0, null, null, report.file()
                        + ": pytest reran " + report.reruns() + " failed test" + (report.reruns() == 1 ? "" : "s")
                        + " until it passed (its JUnit XML shows only the pass)"));
            }
            for (TestSuite suite : report.suites()) {
                for (TestCase c : suite.cases()) {
                    if (c.passed() && c.reruns() > 0) {
                        out.add(new Finding(id(), name(), Finding.Severity.WARNING, report.file(), c.line(), suite.name(), c.id(),
                                report.file() + ": '" + c.id() + "' passed only after " + c.reruns() + " failed run"
                                        + (c.reruns() == 1 ? "" : "s")));
                    }
                }
            }
        }
        return out;
    }
}
