package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.KubernetesWiring;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.List;

/**
 * GL-P008: Kubernetes objects that do not meet: a Service whose selector matches no pod template; a Service
 * target port (number or name) that no selected container declares; a probe on a port the container does not
 * declare.
 */
public final class KubernetesWiringRule implements PreflightRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P008", "k8s-wiring", "Kubernetes objects that do not meet (selector, target port, probe port)",
                "Make the Service's selector match the pod template's labels, its targetPort a containerPort (or its name), "
                        + "and every probe port a port the container declares.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (KubernetesWiring.Workload w : model.workloads()) {
            for (KubernetesWiring.PortRef probe : w.probePorts()) {
                if (!declares(w, probe)) {
                    out.add(finding(Finding.Severity.ERROR, w.name(), List.of(probe.place(), w.place()), w.name()
                            + ": a probe checks port " + probe.value() + ", which the container does not declare "
                            + "(declared: " + declared(w) + ")"));
                }
            }
        }
        for (KubernetesWiring.ServiceObject s : model.serviceObjects()) {
            if (s.selector().isEmpty()) {
                continue; // no selector: endpoints are managed by hand
            }
            List<KubernetesWiring.Workload> selected = model.workloads().stream()
                    .filter(w -> w.labels().entrySet().containsAll(s.selector().entrySet())).toList();
            if (selected.isEmpty()) {
                if (!model.workloads().isEmpty()) {
                    out.add(finding(Finding.Severity.ERROR, s.name(), List.of(s.place()), s.name() + ": the Service selects "
                            + s.selector() + " and no pod template read here carries those labels"));
                }
                continue;
            }
            for (KubernetesWiring.PortRef target : s.targetPorts()) {
                if (selected.stream().noneMatch(w -> declares(w, target))) {
                    out.add(finding(Finding.Severity.ERROR, s.name(), List.of(target.place(), selected.get(0).place()), s.name()
                            + ": the Service sends to port " + target.value() + ", which no selected container declares "
                            + "(declared: " + declared(selected.get(0)) + ")"));
                }
            }
        }
        return out;
    }

    private static boolean declares(KubernetesWiring.Workload w, KubernetesWiring.PortRef port) {
        return port.named() ? w.namedPorts().containsKey(port.value())
                : w.ports().isEmpty() || w.ports().contains(Integer.valueOf(port.value()));
    }

    private static String declared(KubernetesWiring.Workload w) {
        List<String> out = new ArrayList<>();
        w.ports().forEach(p -> out.add(String.valueOf(p)));
        w.namedPorts().forEach((n, p) -> out.add(n + "=" + p));
        return out.isEmpty() ? "none" : String.join(", ", out);
    }
}
