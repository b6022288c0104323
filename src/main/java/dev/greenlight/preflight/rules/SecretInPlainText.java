package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.EnvFact;
import dev.greenlight.preflight.Place;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** GL-P006: a secret-looking variable given a literal value in a manifest. The value is never printed. */
public final class SecretInPlainText implements PreflightRule {

    private static final Pattern SECRET = Pattern.compile("(?i)(secret|password|passwd|token|api[_-]?key|private[_-]?key|credential)");
    private static final Pattern NOT_A_VALUE = Pattern.compile("(?i)(_FILE|_PATH|_URL|_URI|_NAME|_TTL|_HEADER|_TYPE)$");

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P006", "secret-in-plain-text", "A secret-looking variable has a literal value in a manifest",
                "Reference a secret instead (k8s secretKeyRef, gcloud --set-secrets, compose secrets or an env_file kept out of git).");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentModel.Service service : model.services()) {
            for (EnvFact env : service.env()) {
                boolean literal = env.value() != null && !env.value().isBlank() && !env.value().startsWith("${")
                        && !env.value().startsWith("$(") && !env.value().startsWith("projects/");
                if (!env.fromSecret() && literal && SECRET.matcher(env.name()).find() && !NOT_A_VALUE.matcher(env.name()).find()) {
                    Place masked = new Place(env.place().file(), env.place().line(),
                            env.place().text().replace(env.value(), "****"));
                    out.add(finding(Finding.Severity.ERROR, service.name(), List.of(masked), service.name() + ": " + env.name()
                            + " is given a literal value (not shown) instead of a secret reference"));
                }
            }
        }
        return out;
    }
}
