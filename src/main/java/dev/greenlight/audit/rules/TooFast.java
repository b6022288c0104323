package dev.greenlight.audit.rules;

import dev.greenlight.audit.AuditInput;
import dev.greenlight.audit.AuditRule;
import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.audit.ReportFile;
import dev.greenlight.audit.TestCase;
import dev.greenlight.audit.TestSuite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GL-A004: an end-to-end or integration suite that passed faster than any real round trip allows (the mock
 * fallback signature: 0.15 s for a suite that takes 30 s against staging), or whose output says it used a
 * mock or a fallback.
 */
public final class TooFast implements AuditRule {

    private static final Pattern FALLBACK = Pattern.compile(
            "(?i)(falling back to (a )?mock|fall(ing)?[- ]?back|using (a )?(fake|mock|stub)|mock(ed)? (server|service|client|mode)"
                    + "|skipping real|offline mode|service unavailable, using)");

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A004", "too-fast",
                "An end-to-end or integration suite that passed faster than a real round trip, or says it used a mock",
                "Make end-to-end tests fail when the real system is unreachable instead of falling back to a mock.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        List<Finding> out = new ArrayList<>();
        for (ReportFile report : input.reports()) {
            for (TestSuite suite : report.suites()) {
                List<TestCase> passed = suite.cases().stream().filter(TestCase::passed).toList();
                if (passed.isEmpty() || !input.isEndToEnd(suite)) {
                    continue;
                }
                Duration total = passed.stream().map(TestCase::time).reduce(Duration.ZERO, Duration::plus);
                Duration suiteTime = suite.time().isZero() ? total : suite.time();
                long fast = passed.stream().filter(c -> c.time().compareTo(input.minCaseTime()) < 0).count();
                if (fast == passed.size() || suiteTime.compareTo(input.minSuiteTime()) < 0) {
                    out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), suite.line(), suite.name(), null,
                            report.file() + ": end-to-end suite '" + suite.name() + "' passed " + passed.size() + " tests in "
                                    + millis(suiteTime) + " (" + fast + " under " + millis(input.minCaseTime())
                                    + " each; a suite needs at least " + millis(input.minSuiteTime())
                                    + " against a real system): it did not talk to one"));
                }
                for (TestCase c : passed) {
                    Matcher m = FALLBACK.matcher(c.output() == null ? "" : c.output());
                    if (m.find()) {
                        out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), c.line(), suite.name(), c.id(),
                                report.file() + ": '" + c.id() + "' passed but says it did not use the real system: \""
                                        + JUnitText.lineWith(c.output(), m) + "\""));
                    }
                }
                Matcher m = FALLBACK.matcher(suite.output());
                if (m.find()) {
                    out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), suite.line(), suite.name(), null,
                            report.file() + ": suite '" + suite.name() + "' passed but says it did not use the real system: \""
                                    + JUnitText.lineWith(suite.output(), m) + "\""));
                }
            }
        }
        return out;
    }

    private static String millis(Duration d) {
        return d.toMillis() >= 1000 ? String.format(java.util.Locale.ROOT, "%.2f s", d.toMillis() / 1000.0) : d.toMillis() + " ms";
    }
}
