package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.EnvFact;
import dev.greenlight.preflight.Place;
import dev.greenlight.preflight.PlatformFact;
import dev.greenlight.preflight.PreflightRule;
import dev.greenlight.preflight.RequiredEnvFact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GL-P005: a variable the service's code requires (no default) that none of its deploy manifests provides
 * (env, secrets, compose environment, deploy-script flags, the image's ENV). Only for services that are deployed
 * by a manifest Greenlight read; variables the platforms set themselves are not asked for.
 */
public final class RequiredEnvMissing implements PreflightRule {

    private static final Set<String> PLATFORM_SET = Set.of("PORT", "HOME", "PATH", "HOSTNAME", "K_SERVICE", "K_REVISION",
            "K_CONFIGURATION", "NODE_ENV", "PWD", "USER", "LANG", "TZ", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT");

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P005", "required-env-missing", "The code requires a variable that no deploy manifest provides",
                "Provide it in the service's deploy manifest (env or a secret reference), or give the code a default.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentModel.Service service : model.services()) {
            if (service.platforms().isEmpty() || service.required().isEmpty()
                    || service.env().stream().anyMatch(e -> e.name().equals("*"))) { // envFrom: it may provide anything
                continue;
            }
            Set<String> provided = new java.util.HashSet<>();
            service.env().stream().map(EnvFact::name).forEach(provided::add);
            Map<String, RequiredEnvFact> missing = new LinkedHashMap<>();
            for (RequiredEnvFact r : service.required()) {
                if (!provided.contains(r.name()) && !PLATFORM_SET.contains(r.name())) {
                    missing.putIfAbsent(r.name(), r);
                }
            }
            for (RequiredEnvFact r : missing.values()) {
                List<Place> places = new ArrayList<>(List.of(r.place()));
                service.platforms().stream().map(PlatformFact::place).forEach(places::add);
                out.add(finding(Finding.Severity.ERROR, service.name(), places, service.name() + ": the code requires "
                        + r.name() + " and no deploy manifest of the service provides it (checked: "
                        + String.join(", ", service.platforms().stream().map(p -> p.place().file()).distinct().toList()) + ")"));
            }
        }
        return out;
    }
}
