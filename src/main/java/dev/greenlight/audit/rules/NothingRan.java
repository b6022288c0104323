package dev.greenlight.audit.rules;

import dev.greenlight.audit.AuditInput;
import dev.greenlight.audit.AuditRule;
import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.audit.ReportFile;
import dev.greenlight.audit.TestSuite;
import java.util.ArrayList;
import java.util.List;

/**
 * GL-A001: a report, a suite or the whole run that ran no test at all: green everywhere, tested nothing; a suite
 * that lists fewer tests than it declares (the report was cut short when its runner died, or lost cases in a merge):
 * the missing ones have no result, which is not a pass; and a report that says it was cut short (TAP's "Bail out!",
 * a TAP stream without its plan).
 */
public final class NothingRan implements AuditRule {

    /** node's test runner reports a file with no test() in it as one passing case named after the file. */
    private static final java.util.regex.Pattern TEST_FILE = java.util.regex.Pattern.compile("[/\\\\][^/\\\\]+\\.[cm]?[jt]sx?$");

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A001", "nothing-ran",
                "A report, suite or run with 0 tests (or fewer than it declares), or a place given that held no report",
                "Make the job fail when no test ran (pytest exit code 5, surefire failIfNoTests) and check the test paths and names.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        List<Finding> out = new ArrayList<>();
        for (String place : input.emptyPlaces()) {
            out.add(finding(place, 0, null, place + " holds no test report: the tests did not run, or wrote their "
                    + "results elsewhere"));
        }
        long total = 0;
        for (ReportFile report : input.reports()) {
            total += report.caseCount();
            if (report.cutShort() != null) {
                Integer declared = report.suites().stream().map(TestSuite::declaredTests).filter(n -> n != null)
                        .reduce(Integer::sum).orElse(null);
                long listed = report.caseCount();
                out.add(finding(report.file(), 0, null, report.file() + ": the run was cut short (" + report.cutShort()
                        + ")" + (declared != null && declared > listed ? " after " + listed + " of its " + declared
                        + " tests: " + (declared - listed) + " have no result" : ": the tests after that point have no result")
                        + ", and those listed are not the whole run"));
                continue;
            }
            if (report.format().equals("pytest-log")) {
                if (report.collected() != null && report.collected() == 0) {
                    out.add(finding(report.file(), 0, null, report.file() + ": pytest collected 0 items"));
                }
                continue;
            }
            if (report.caseCount() == 0) {
                out.add(finding(report.file(), 1, null, report.file() + ": the report lists 0 tests"));
                continue;
            }
            for (TestSuite suite : report.suites()) {
                for (var c : suite.cases()) {
                    if (TEST_FILE.matcher(c.name()).find()) {
                        out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), c.line(), suite.name(), c.name(),
                                report.file() + ": '" + c.name() + "' is reported as one passing test, but it is a test file "
                                        + "that defines none (node's test runner counts such a file as a test)"));
                    }
                }
                boolean flat = report.suites().stream().noneMatch(s -> s.cases().isEmpty()); // no suite holds others
                if (flat && suite.declaredTests() != null && suite.declaredTests() > suite.cases().size()) {
                    int missing = suite.declaredTests() - suite.cases().size();
                    out.add(finding(report.file(), suite.line(), suite.name(), report.file() + ": suite '" + suite.name()
                            + "' declares " + suite.declaredTests() + " tests and lists " + suite.cases().size() + ": " + missing
                            + (missing == 1 ? " has" : " have") + " no result (the report was cut short, or lost cases when merged)"));
                }
                boolean hasNested = suite.cases().isEmpty() && report.suites().size() > 1;
                if (suite.cases().isEmpty() && !hasNested) {
                    out.add(finding(report.file(), suite.line(), suite.name(), report.file() + ": suite '" + suite.name()
                            + "' ran 0 tests"));
                }
            }
        }
        if (total == 0 && input.reports().size() > 1 && input.reports().stream().noneMatch(r -> r.collected() != null
                && r.collected() > 0)) {
            out.add(finding(null, 0, null, "the whole run ran 0 tests across "
                    + input.reports().size() + (input.reports().size() == 1 ? " report" : " reports")));
        }
        return out;
    }

    private Finding finding(String file, int line, String suite, String message) {
        return new Finding(id(), name(), Finding.Severity.ERROR, file, line, suite, null, message);
    }
}
