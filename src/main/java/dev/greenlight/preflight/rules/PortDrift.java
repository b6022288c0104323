package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.Place;
import dev.greenlight.preflight.PortFact;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GL-P001: the ports stated for one service disagree (the incident: a Dockerfile default of 8001, gunicorn on
 * 8081, the platform sending to 8080). One finding lists every place with its value and names the port the
 * platform sends traffic to.
 */
public final class PortDrift implements PreflightRule {

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P001", "port-drift", "The ports stated for one service disagree across its files",
                "Make every file state the port the platform sends traffic to, or read it from $PORT without a "
                        + "different default: the Dockerfile's bind and EXPOSE, the server config, compose, k8s and the deploy script.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentModel.Service service : model.services()) {
            Set<Integer> platform = new LinkedHashSet<>();
            service.ports().stream().filter(p -> p.role() == PortFact.Role.PLATFORM && p.port() > 0).forEach(p -> platform.add(p.port()));
            Optional<Integer> imagePort = service.env().stream().filter(e -> e.name().equals("PORT") && e.value() != null
                    && e.value().matches("\\d+")).map(e -> Integer.valueOf(e.value())).findFirst();
            boolean injected = service.platformInjectsPort();
            boolean hard = false;
            boolean soft = false;
            Set<Integer> seen = new LinkedHashSet<>(platform);
            for (PortFact p : service.ports()) {
                if (p.role() == PortFact.Role.PLATFORM || p.port() < 0 && !p.viaVariable()) {
                    continue;
                }
                int value = p.viaVariable() ? imagePort.orElse(p.port()) : p.port();
                if (value < 0) {
                    continue;
                }
                boolean differs = platform.isEmpty() ? !seen.isEmpty() && !seen.contains(value) : !platform.contains(value);
                if (differs) {
                    if (p.role() == PortFact.Role.LISTENS && (!p.viaVariable() || !injected)) {
                        hard = true;
                    } else {
                        soft = true;
                    }
                }
                seen.add(value);
            }
            if (platform.size() > 1) {
                hard = true;
            }
            if (!hard && !soft) {
                continue;
            }
            List<Place> places = new ArrayList<>();
            StringBuilder message = new StringBuilder(service.name()).append(": its ports disagree: ");
            message.append(platform.isEmpty() ? "no platform port is stated" : "the platform sends traffic to "
                    + String.join(" and ", platform.stream().map(String::valueOf).toList()));
            if (injected) {
                message.append(" (and sets PORT to it)");
            }
            for (PortFact p : service.ports()) {
                places.add(new Place(p.place().file(), p.place().line(), role(p) + " " + p.shown() + "   " + p.place().text()));
            }
            imagePort.ifPresent(port -> service.env().stream().filter(e -> e.name().equals("PORT")).findFirst()
                    .ifPresent(e -> places.add(new Place(e.place().file(), e.place().line(), "image sets PORT=" + port
                            + "   " + e.place().text()))));
            out.add(finding(hard ? Finding.Severity.ERROR : Finding.Severity.WARNING, service.name(), places, message.toString()));
        }
        return out;
    }

    private static String role(PortFact p) {
        return switch (p.role()) {
            case LISTENS -> "listens on";
            case EXPOSES -> "exposes";
            case PLATFORM -> "platform sends to";
            case PROBES -> "health check tests";
        };
    }
}
