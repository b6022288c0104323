package dev.greenlight.report;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where a failing check stands in the diagnosis: a root cause itself, or a cascade of one. */
final class Blame {

    private Blame() {
    }

    /** "root cause 1 of 2: infrastructure, REPORTED_DOWN" or "cascade of postgres (REPORTED_DOWN): backend needs it". */
    static Optional<String> of(Diagnosis diagnosis, CheckResult check) {
        List<Diagnosis.RootCause> roots = diagnosis.rootCauses();
        for (int i = 0; i < roots.size(); i++) {
            Diagnosis.RootCause r = roots.get(i);
            if (check.check().id().equals(r.check())) {
                return Optional.of("root cause " + (i + 1) + " of " + roots.size() + ": "
                        + r.classification().name().toLowerCase(Locale.ROOT) + ", " + r.signature());
            }
        }
        for (Diagnosis.RootCause r : roots) {
            for (Diagnosis.Cascade c : r.cascades()) {
                if (c.service().equals(check.check().service())) {
                    return Optional.of("cascade of " + r.service() + " (" + r.signature() + "): " + c.because());
                }
            }
        }
        return Optional.empty();
    }
}
