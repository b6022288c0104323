package dev.greenlight.plan;

import dev.greenlight.condition.Condition;
import dev.greenlight.condition.ConditionParser;
import dev.greenlight.config.CheckConfig;
import dev.greenlight.config.ConfigException;
import dev.greenlight.config.GreenlightConfig;
import dev.greenlight.config.Location;
import dev.greenlight.config.Node;
import dev.greenlight.config.PhaseConfig;
import dev.greenlight.config.References;
import dev.greenlight.config.ServiceConfig;
import dev.greenlight.config.Values;
import dev.greenlight.probe.Probe;
import dev.greenlight.probe.ProbeKind;
import dev.greenlight.probe.ProbeRegistry;
import dev.greenlight.probe.TokenBroker;
import dev.greenlight.probe.TokenProbe;
import dev.greenlight.probe.wire.HttpTransport;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** The phase that obtains the tokens of the auth sources the checks use, before anything needs them. */
    public static final String AUTH_PHASE = "auth";

    private final HttpTransport transport;
    private final ProbeRegistry registry;
    /** Conditions by their text: a plan of many checks repeats a few (2,000 x "[STATUS] == 200"), read once each. */
    private final Map<String, Condition> conditionsRead = new HashMap<>();

    public PlanBuilder(HttpTransport transport) {
        this.transport = transport;
        this.registry = ProbeRegistry.standard(transport);
    }

    public Plan build(GreenlightConfig config) throws ConfigException {
        TokenBroker tokens = new TokenBroker(config.auth(), transport, config.secrets(), java.time.Clock.systemUTC());
        Set<String> goldenPath = new LinkedHashSet<>();
        for (PhaseConfig phase : config.phases()) {
            for (PhaseConfig.CheckRef ref : phase.checks()) {
                if (phase.goldenPath()) {
                    goldenPath.addAll(References.resolve(config, ref));
                }
            }
        }
        Map<String, Check> checks = new LinkedHashMap<>();
        for (ServiceConfig service : config.services().values()) {
            java.util.Set<String> others = otherServices(config, service); // once per service, shared by its checks
            for (CheckConfig check : service.checks().values()) {
                checks.put(check.id(), prepare(config, service, check, goldenPath.contains(check.id()), others));
            }
        }
        List<Phase> phases = new ArrayList<>();
        authPhase(config, checks.values(), tokens).ifPresent(phases::add);
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
            canary = Optional.of(Check.simple("canary", "canary", "canary",
                    registry.get("http", url.location(), "canary").prepare(url, Optional.empty(), "canary"),
                    config.timeout(), 1, true));
        }
        return new Plan(config.environment(), phases, config.settle(), config.concurrency(), Plan.DEFAULT_EVIDENCE_WINDOW,
                config.acceptDegraded(), canary, config.secrets(), tokens, services(config));
    }

    private static Map<String, ServiceInfo> services(GreenlightConfig config) {
        Map<String, ServiceInfo> out = new LinkedHashMap<>();
        config.services().values().forEach(s -> out.put(s.name(), new ServiceInfo(s.name(), s.dependsOn(), s.aliases(),
                s.impact(), s.url().flatMap(PlanBuilder::origin).orElse(null))));
        return out;
    }

    /**
     * One check {@code auth.<name>} per auth source that a check uses. The phase has no bar of its own
     * (0%): a source that fails makes the checks needing it BLOCKED, and they miss their own phases.
     */
    private static Optional<Phase> authPhase(GreenlightConfig config, java.util.Collection<Check> checks, TokenBroker tokens)
            throws ConfigException {
        Set<String> used = new LinkedHashSet<>();
        checks.forEach(c -> c.auth().ifPresent(used::add));
        List<Check> authChecks = new ArrayList<>();
        for (String source : used) {
            ServiceConfig clash = config.services().get(AUTH_PHASE);
            if (clash != null && clash.checks().containsKey(source)) {
                throw new ConfigException(clash.checks().get(source).location(), "check 'auth." + source
                        + "' clashes with the check Greenlight adds for auth source '" + source + "'; rename one of them");
            }
            authChecks.add(Check.simple("auth." + source, serviceServing(config, config.auth().get(source).tokenUrl()),
                    source, new TokenProbe(tokens, source), config.timeout(), 0, false));
        }
        return authChecks.isEmpty() ? Optional.empty() : Optional.of(new Phase(AUTH_PHASE, authChecks, 0.0, false));
    }

    /**
     * The service whose url has the token URL's origin (scheme, host, port), so a failed token fetch is laid at
     * that service's door in the diagnosis; {@code auth} when none is configured.
     */
    static String serviceServing(GreenlightConfig config, String tokenUrl) {
        Optional<String> origin = origin(tokenUrl);
        if (origin.isPresent()) {
            for (ServiceConfig service : config.services().values()) {
                if (service.url().flatMap(PlanBuilder::origin).equals(origin)) {
                    return service.name();
                }
            }
        }
        return AUTH_PHASE;
    }

    private static Optional<String> origin(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            String scheme = switch (uri.getScheme().toLowerCase(java.util.Locale.ROOT)) {
                case "ws" -> "http";
                case "wss" -> "https";
                default -> uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            };
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private Check prepare(GreenlightConfig config, ServiceConfig service, CheckConfig check, boolean inGoldenPhase,
                          java.util.Set<String> otherServices)
            throws ConfigException {
        ProbeKind kind = registry.get(check.probe(), check.probeAt(), check.id());
        List<Condition> conditions = new ArrayList<>();
        for (Node node : check.expect()) {
            conditions.add(condition(Values.string(node, "an item of 'expect' of check '" + check.id() + "'"),
                    node.location()));
        }
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).overSamples() && check.samples().isEmpty()) {
                throw new ConfigException(check.expect().get(i).location(), "condition '" + conditions.get(i).source()
                        + "' of check '" + check.id() + "' reads samples, but the check takes one; expected 'samples: N' "
                        + "on the check (and optionally 'interval: 500ms')");
            }
        }
        if (conditions.stream().noneMatch(c -> !c.overSamples())) {
            conditions.add(defaultCondition(check));
        }
        Probe probe = kind.prepare(check.probeOptions(), service.url(), check.id());
        return new Check(check.id(), service.name(), check.name(), probe, conditions,
                check.timeout().orElse(config.timeout()), check.retries(), check.critical(), check.auth(),
                !check.ignoreHealthBody(), check.confirm(), check.stableFor(), check.goldenPath() || inGoldenPhase,
                check.stuckAfter().orElse(Check.DEFAULT_STUCK_AFTER),
                check.samples().map(n -> new Check.Sampling(n, check.interval().orElse(Check.Sampling.DEFAULT_INTERVAL))),
                otherServices, service.expectedVersion(), service.environment().or(() -> Optional.of(config.environment())),
                probe.secretInTheClear(check.auth().isPresent(), config.secrets()::appearIn));
    }

    /** The names and aliases of the plan's services but {@code service}'s own, lower case. */
    private static java.util.Set<String> otherServices(GreenlightConfig config, ServiceConfig service) {
        java.util.Set<String> own = names(service);
        java.util.Set<String> others = new java.util.HashSet<>();
        config.services().values().forEach(s -> others.addAll(names(s)));
        others.removeAll(own);
        return java.util.Set.copyOf(others);
    }

    private static java.util.Set<String> names(ServiceConfig service) {
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add(service.name().toLowerCase(java.util.Locale.ROOT));
        service.aliases().forEach(a -> names.add(a.toLowerCase(java.util.Locale.ROOT)));
        return names;
    }

    /** Without 'expect': an HTTP check passes on 2xx/3xx, a TCP check when it connects. */
    private Condition defaultCondition(CheckConfig check) throws ConfigException {
        String source = check.probe().equals("http") ? "[STATUS] < 400" : "[CONNECTED] == true";
        return condition(source, check.location());
    }

    private Condition condition(String source, Location location) throws ConfigException {
        Condition read = conditionsRead.get(source);
        if (read == null) {
            read = ConditionParser.parse(source, location);
            conditionsRead.put(source, read);
            return read;
        }
        return new Condition(read.source(), location, read.left(), read.operator(), read.right());
    }
}
