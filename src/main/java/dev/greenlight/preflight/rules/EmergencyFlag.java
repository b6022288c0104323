package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.EnvFact;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** GL-P007: an emergency or bypass flag switched on in a deploy manifest (the incident's EMERGENCY_ALLOW_NO_DATABASE=true). */
public final class EmergencyFlag implements PreflightRule {

    private final List<Pattern> extra;

    public EmergencyFlag() {
        this(List.of());
    }

    /** @param extra more names that are flags (a team's own, from the config's preflight.flags) */
    public EmergencyFlag(List<Pattern> extra) {
        this.extra = List.copyOf(extra);
    }

    static final Pattern FLAG = Pattern.compile("(?i)^(EMERGENCY_.*|.*_BYPASS.*|BYPASS_.*|SKIP_.*|DISABLE_.*AUTH.*|.*_ALLOW_NO_.*)$");
    private static final Pattern ON = Pattern.compile("(?i)^\\s*['\"]?(true|1|yes|on|enabled?)['\"]?\\s*$");

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P007", "emergency-flag-on", "An emergency or bypass flag is switched on for the deploy",
                "Remove the flag from the manifest (or set it false) before deploying: a bypass left on hides the failure it "
                        + "was meant to bridge and keeps the service from finishing its startup.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentModel.Service service : model.services()) {
            for (EnvFact env : service.env()) {
                boolean flag = FLAG.matcher(env.name()).matches() || extra.stream().anyMatch(p -> p.matcher(env.name()).find());
                if (flag && env.value() != null && ON.matcher(env.value()).matches()) {
                    out.add(finding(Finding.Severity.ERROR, service.name(), List.of(env.place()), service.name() + ": "
                            + env.name() + "=" + env.value().strip() + " is switched on for the deploy"));
                }
            }
        }
        return out;
    }
}
