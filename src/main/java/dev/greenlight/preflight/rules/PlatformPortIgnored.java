package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.BindFact;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.PlatformFact;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.List;

/** GL-P002: the platform injects PORT (Cloud Run, a Procfile platform) but the server binds a literal port. */
public final class PlatformPortIgnored implements PreflightRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P002", "platform-port-ignored", "The platform sets PORT but the server binds a literal port",
                "Bind 0.0.0.0:$PORT (shell form, or read os.environ['PORT']) so the server listens where the platform sends traffic.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentModel.Service service : model.services()) {
            if (!service.platformInjectsPort()) {
                continue;
            }
            PlatformFact platform = service.platforms().stream().filter(PlatformFact::injectsPort).findFirst().orElseThrow();
            for (BindFact bind : service.binds()) {
                if (!bind.viaVariable() && bind.portText() != null && bind.portText().matches("\\d+")) {
                    out.add(finding(Finding.Severity.ERROR, service.name(), List.of(bind.place(), platform.place()),
                            service.name() + ": binds port " + bind.portText() + " literally, but " + platform.platform()
                                    + " sets PORT and sends traffic there"));
                }
            }
        }
        return out;
    }
}
