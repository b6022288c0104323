package dev.greenlight.audit;

import dev.greenlight.finding.Finding;

import dev.greenlight.audit.rules.CollectionErrors;
import dev.greenlight.audit.rules.Flaky;
import dev.greenlight.audit.rules.GreenContradicted;
import dev.greenlight.audit.rules.NeverAwaited;
import dev.greenlight.audit.rules.NothingRan;
import dev.greenlight.audit.rules.Shrinking;
import dev.greenlight.audit.rules.Skipped;
import dev.greenlight.audit.rules.StaleReport;
import dev.greenlight.audit.rules.TooFast;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every rule over one audit input; the findings, most serious first, then by file and line. */
public final class Auditor {

    public static final List<AuditRule> RULES = List.of(new NothingRan(), new CollectionErrors(), new Skipped(),
            new TooFast(), new NeverAwaited(), new Flaky(), new Shrinking(), new GreenContradicted(),
            new StaleReport());

    private Auditor() {
    }

    public static List<Finding> audit(AuditInput input) {
        List<Finding> out = new ArrayList<>();
        for (AuditRule rule : RULES) {
            out.addAll(rule.check(input));
        }
        out.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(f -> f.file() == null ? "" : f.file()).thenComparingInt(Finding::line));
        return out;
    }
}
