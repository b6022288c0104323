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
import java.util.regex.Pattern;

/**
 * GL-A002: tests that never started: pytest collection errors, import errors, a class that failed to
 * initialise (surefire's {@code initializationError}), errors a suite declares with no test case to carry them.
 */
public final class CollectionErrors implements AuditRule {

    private static final Pattern NOT_STARTED = Pattern.compile(
            "(?i)(collection failure|error collecting|ImportError|ModuleNotFoundError|SyntaxError|initializationError"
                    + "|ExceptionInInitializerError|NoClassDefFoundError|failed to (load|import|start)|Cannot find module|build failed)");

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A002", "collection-error",
                "Tests that never started: collection or import errors, suites that failed to initialise",
                "Fix the import or initialisation error; a suite that never started tested nothing, whatever the job says.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        List<Finding> out = new ArrayList<>();
        for (ReportFile report : input.reports()) {
            if (report.collectionErrors() > 0) {
                out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), 0, null, null, report.file()
                        + ": pytest reports " + report.collectionErrors() + " error" + (report.collectionErrors() == 1 ? "" : "s")
                        + " during collection: those tests never ran"));
            }
            for (TestSuite suite : report.suites()) {
                for (TestCase c : suite.cases()) {
                    if (c.outcome() == TestCase.Outcome.ERROR && notStarted(c)) {
                        out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), c.line(), suite.name(), c.id(),
                                report.file() + ": '" + c.id() + "' in suite '" + suite.name() + "' never started: "
                                        + c.message()));
                    }
                }
                long carried = suite.count(TestCase.Outcome.ERROR);
                if (suite.declaredErrors() != null && suite.declaredErrors() > carried) {
                    out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), suite.line(), suite.name(), null,
                            report.file() + ": suite '" + suite.name() + "' declares " + suite.declaredErrors()
                                    + " errors but lists " + carried + ": errors outside any test case"));
                }
            }
        }
        return out;
    }

    private static boolean notStarted(TestCase c) {
        return c.name().isEmpty() || NOT_STARTED.matcher(c.name()).find()
                || c.message() != null && NOT_STARTED.matcher(c.message()).find()
                || c.output() != null && NOT_STARTED.matcher(JUnitText.head(c.output())).find();
    }
}
