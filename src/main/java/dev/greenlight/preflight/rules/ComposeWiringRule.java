package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.ComposeWiring;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.PortFact;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * GL-P009: compose services that do not meet: a healthcheck that tests a port the service does not listen on (it
 * never turns healthy), and {@code depends_on: {x: {condition: service_healthy}}} on a service with no healthcheck
 * (compose refuses to start it).
 */
public final class ComposeWiringRule implements PreflightRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P009", "compose-wiring", "Compose healthchecks and depends_on that do not meet",
                "Test the port the service listens on in its healthcheck; give a service a healthcheck before others wait "
                        + "for it with condition: service_healthy.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        Map<String, ComposeWiring> byKey = model.compose().stream()
                .collect(Collectors.toMap(ComposeWiring::key, Function.identity(), (a, b) -> a));
        for (ComposeWiring c : model.compose()) {
            if (c.healthcheckPort() != null) {
                List<Integer> listens = listens(model, c.service());
                if (!listens.isEmpty() && !listens.contains(c.healthcheckPort())) {
                    out.add(finding(Finding.Severity.ERROR, c.service(), List.of(c.healthcheckPlace()), c.service()
                            + ": the healthcheck tests port " + c.healthcheckPort() + " but the service listens on "
                            + listens.stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + ": it will never turn healthy"));
                }
            }
            for (ComposeWiring.Dependency d : c.dependsOn()) {
                ComposeWiring target = byKey.get(d.key());
                if (d.condition().equals("service_healthy") && target != null && !target.healthcheck()) {
                    out.add(finding(Finding.Severity.ERROR, c.service(), List.of(d.place()), c.service() + ": waits for '"
                            + d.key() + "' to be healthy, but '" + d.key() + "' has no healthcheck (compose will refuse to start it)"));
                }
            }
        }
        return out;
    }

    /** The ports the service's process or platform uses, known from its other files. */
    private static List<Integer> listens(DeploymentModel model, String service) {
        Optional<DeploymentModel.Service> s = model.services().stream().filter(x -> x.name().equals(service)).findFirst();
        return s.map(x -> x.ports().stream().filter(p -> p.port() > 0
                        && (p.role() == PortFact.Role.LISTENS || p.role() == PortFact.Role.PLATFORM))
                .map(PortFact::port).distinct().toList()).orElse(List.of());
    }
}
