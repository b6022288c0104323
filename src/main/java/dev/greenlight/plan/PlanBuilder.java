package dev.greenlight.plan;

import dev.greenlight.condition.Condition;
import dev.greenlight.condition.ConditionParser;
import dev.greenlight.config.CheckConfig;
import dev.greenlight.config.ConfigException;
import dev.greenlight.config.GreenlightConfig;
import dev.greenlight.config.Node;
import dev.greenlight.config.PhaseConfig;
import dev.greenlight.config.References;
import dev.greenlight.config.ServiceConfig;
import dev.greenlight.config.Values;
import dev.greenlight.probe.ProbeKind;
import dev.greenlight.probe.ProbeRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a validated configuration into a runnable {@link Plan}: each check's probe prepared by its
 * protocol, its conditions parsed. Checks that no phase names run in a last phase, 'unphased', so
 * nothing written is silently ignored; with no phases at all, every check is in one phase 'all'.
 */
public final class PlanBuilder {

    private final ProbeRegistry registry;

    public PlanBuilder(ProbeRegistry registry) {
        this.registry = registry;
    }

    public Plan build(GreenlightConfig config) throws ConfigException {
        Map<String, Check> checks = new LinkedHashMap<>();
        for (ServiceConfig service : config.services().values()) {
            for (CheckConfig check : service.checks().values()) {
                checks.put(check.id(), prepare(config, service, check));
            }
        }
        List<Phase> phases = new ArrayList<>();
        Set<String> phased = new LinkedHashSet<>();
        for (PhaseConfig phase : config.phases()) {
            List<Check> members = new ArrayList<>();
            for (PhaseConfig.CheckRef ref : phase.checks()) {
                for (String id : References.resolve(config, ref)) {
                    members.add(checks.get(id));
                    phased.add(id);
                }
            }
            phases.add(new Phase(phase.name(), members, phase.minPassRate(), phase.abortOnMiss()));
        }
        List<Check> rest = checks.values().stream().filter(c -> !phased.contains(c.id())).toList();
        if (!rest.isEmpty()) {
            phases.add(new Phase(config.phases().isEmpty() ? "all" : "unphased", rest, 1.0, false));
        }
        Optional<Check> canary = Optional.empty();
        if (config.canary().isPresent()) {
            Node url = new Node.ScalarNode(dev.greenlight.config.Location.of(config.file()), config.canary().get(),
                    Node.ScalarNode.Kind.STRING, false);
            canary = Optional.of(new Check("canary", "canary", "canary",
                    registry.get("http", url.location(), "canary").prepare(url, Optional.empty(), "canary"),
                    List.of(), config.timeout(), 1, true));
        }
        return new Plan(config.environment(), phases, config.settle(), config.concurrency(), Plan.DEFAULT_EVIDENCE_WINDOW,
                config.acceptDegraded(), canary, config.secrets());
    }

    private Check prepare(GreenlightConfig config, ServiceConfig service, CheckConfig check) throws ConfigException {
        ProbeKind kind = registry.get(check.probe(), check.probeAt(), check.id());
        List<Condition> conditions = new ArrayList<>();
        for (Node node : check.expect()) {
            conditions.add(ConditionParser.parse(Values.string(node, "an item of 'expect' of check '" + check.id() + "'"),
                    node.location()));
        }
        if (conditions.isEmpty()) {
            conditions.add(defaultCondition(check));
        }
        return new Check(check.id(), service.name(), check.name(),
                kind.prepare(check.probeOptions(), service.url(), check.id()), conditions,
                check.timeout().orElse(config.timeout()), check.retries(), check.critical());
    }

    /** Without 'expect': an HTTP check passes on 2xx/3xx, a TCP check when it connects. */
    private static Condition defaultCondition(CheckConfig check) throws ConfigException {
        String source = check.probe().equals("http") ? "[STATUS] < 400" : "[CONNECTED] == true";
        return ConditionParser.parse(source, check.location());
    }
}
