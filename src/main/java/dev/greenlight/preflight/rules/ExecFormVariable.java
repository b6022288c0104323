package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.BindFact;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.List;

/** GL-P003: a variable in an exec-form command ({@code CMD ["gunicorn", "--bind", "0.0.0.0:${PORT}"]}): no shell expands it. */
public final class ExecFormVariable implements PreflightRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P003", "exec-form-variable", "A $VARIABLE in an exec-form command is never expanded",
                "Use the shell form (CMD gunicorn --bind 0.0.0.0:$PORT app:app), wrap it in [\"sh\", \"-c\", \"...\"], "
                        + "or read the variable in the server's config; in Kubernetes write $(PORT).");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentModel.Service service : model.services()) {
            for (BindFact bind : service.binds()) {
                String text = (bind.host() == null ? "" : bind.host()) + ":" + (bind.portText() == null ? "" : bind.portText());
                if (bind.execForm() && text.contains("$") && !text.contains("$(")) {
                    out.add(finding(Finding.Severity.ERROR, service.name(), List.of(bind.place()), service.name()
                            + ": the exec-form command passes '" + text + "' to the server as written: no shell expands it"));
                }
            }
        }
        return out;
    }
}
