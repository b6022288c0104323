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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GL-A005: work a passing test never did or whose failure it swallowed: a coroutine never awaited, a task
 * destroyed while pending, an unhandled promise rejection, a traceback printed by a test that passed.
 */
public final class NeverAwaited implements AuditRule {

    private static final Pattern NEVER_AWAITED = Pattern.compile(
            "(?i)(coroutine '?[^\\s']*'? was never awaited|Task was destroyed but it is pending|Unhandled ?Promise ?Rejection"
                    + "|unhandled (promise )?rejection|PytestUnhandledCoroutineWarning|async def functions are not natively supported"
                    + "|async def function and no async plugin installed)");
    private static final Pattern SWALLOWED = Pattern.compile(
            "(Traceback \\(most recent call last\\)|Exception in thread|^\\s*at [\\w.$]+\\([\\w]+\\.java:\\d+\\))",
            Pattern.MULTILINE);

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A005", "never-awaited",
                "A coroutine never awaited, a pending task destroyed, an unhandled rejection, an exception swallowed by a passing test",
                "Await the coroutine (or mark the async test for its plugin); let exceptions fail the test instead of printing them.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        List<Finding> out = new ArrayList<>();
        for (ReportFile report : input.reports()) {
            for (String warning : report.warnings()) {
                Matcher m = NEVER_AWAITED.matcher(warning);
                if (m.find() && !warning.startsWith("warnings.warn(")) { // the source line pytest quotes, not the warning
                    out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), 0, null, null, report.file()
                            + ": pytest's warnings say an async test did not run its body: \"" + warning.strip() + "\""));
                }
            }
            for (TestSuite suite : report.suites()) {
                for (TestCase c : suite.cases()) {
                    if (!c.passed() && c.outcome() != TestCase.Outcome.SKIPPED || c.output() == null) {
                        continue;
                    }
                    Matcher awaited = NEVER_AWAITED.matcher(c.output() + "\n" + (c.message() == null ? "" : c.message()));
                    if (awaited.find()) {
                        out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), c.line(), suite.name(), c.id(),
                                report.file() + ": '" + c.id() + "' " + (c.passed() ? "passed" : "was skipped")
                                        + " without running its async body: \""
                                        + JUnitText.lineWith(c.output() + "\n" + (c.message() == null ? "" : c.message()), awaited)
                                        + "\""));
                        continue;
                    }
                    Matcher swallowed = SWALLOWED.matcher(c.output());
                    if (c.passed() && swallowed.find()) {
                        out.add(new Finding(id(), name(), Finding.Severity.WARNING, report.file(), c.line(), suite.name(), c.id(),
                                report.file() + ": '" + c.id() + "' passed but printed an exception: \""
                                        + JUnitText.lineWith(c.output(), swallowed) + "\""));
                    }
                }
            }
        }
        return out;
    }
}
