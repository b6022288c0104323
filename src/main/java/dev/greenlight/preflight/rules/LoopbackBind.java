package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.BindFact;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.List;

/** GL-P004: a server in a container that binds 127.0.0.1/localhost: nothing outside the container reaches it. */
public final class LoopbackBind implements PreflightRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P004", "loopback-bind", "A containerised server binds loopback only",
                "Bind 0.0.0.0 (or [::]) in containers: the platform's health checks and traffic come from outside.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentModel.Service service : model.services()) {
            for (BindFact bind : service.binds()) {
                if (bind.loopback()) {
                    out.add(finding(Finding.Severity.ERROR, service.name(), List.of(bind.place()), service.name() + ": binds "
                            + bind.host() + ", so only the container itself can connect"));
                }
            }
        }
        return out;
    }
}
