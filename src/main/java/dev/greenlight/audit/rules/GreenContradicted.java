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
 * GL-A008: with {@code --verify report.json}: an end-to-end suite that passed while Greenlight's live verdict of
 * the same environment was not GO. Both facts are in the message.
 */
public final class GreenContradicted implements AuditRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A008", "green-contradicted",
                "An end-to-end suite passed while the live verdict (--verify) was not GO",
                "The suite passed against something other than the deployment: point it at the environment verify checked.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        if (input.liveVerdict().isEmpty() || input.liveVerdict().get().verdict().equals("GO")) {
            return List.of();
        }
        AuditInput.LiveVerdict live = input.liveVerdict().get();
        List<Finding> out = new ArrayList<>();
        for (ReportFile report : input.reports()) {
            for (TestSuite suite : report.suites()) {
                boolean green = !suite.cases().isEmpty() && suite.cases().stream().allMatch(c -> c.passed()
                        || c.outcome() == dev.greenlight.audit.TestCase.Outcome.SKIPPED) && suite.cases().stream()
                        .anyMatch(dev.greenlight.audit.TestCase::passed);
                if (green && input.isEndToEnd(suite)) {
                    out.add(new Finding(id(), name(), Finding.Severity.ERROR, report.file(), suite.line(), suite.name(), null,
                            report.file() + ": end-to-end suite '" + suite.name() + "' passed, but the live verdict in "
                                    + live.file() + " is " + live.verdict() + (live.reasons().isEmpty() ? ""
                                    : " (" + live.reasons().get(0) + ")") + ": the suite did not test what is deployed"));
                }
            }
        }
        return out;
    }
}
