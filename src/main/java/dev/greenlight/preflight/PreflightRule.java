package dev.greenlight.preflight;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import java.util.List;

/** One kind of drift, read from the deployment model only. One class per rule, a stable id each. */
public interface PreflightRule {

    RuleInfo info();

    List<Finding> check(DeploymentModel model);

    /** A finding of this rule about a service, located at its first place; the places follow the message, one a line. */
    default Finding finding(Finding.Severity severity, String service, List<Place> places, String message) {
        StringBuilder text = new StringBuilder(Masking.mask(message));
        for (Place p : places) {
            text.append("\n    ").append(p).append(": ").append(Masking.mask(p.text()));
        }
        Place first = places.isEmpty() ? null : places.get(0);
        return new Finding(info().id(), info().name(), severity, first == null ? null : first.file(),
                first == null ? 0 : first.line(), service, null, text.toString());
    }
}
