package dev.greenlight.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Cross-reference rules: depends_on names services and has no cycle; phases and checks name what exists. */
public final class References {

    private References() {
    }

    static void check(GreenlightConfig config, Fields top) throws ConfigException {
        for (ServiceConfig service : config.services().values()) {
            for (String dependency : service.dependsOn()) {
                if (!config.services().containsKey(dependency)) {
                    throw new ConfigException(service.dependencyLocation(dependency), "depends_on of service '" + service.name()
                            + "' names unknown service '" + dependency + "'"
                            + Suggest.didYouMean(dependency, config.services().keySet())
                            + "; known services: " + String.join(", ", config.services().keySet()));
                }
            }
            for (CheckConfig check : service.checks().values()) {
                if (check.auth().isPresent() && !config.auth().containsKey(check.auth().get())) {
                    throw new ConfigException(check.location(), "check '" + check.id() + "' uses unknown auth source '"
                            + check.auth().get() + "'" + Suggest.didYouMean(check.auth().get(), config.auth().keySet())
                            + (config.auth().isEmpty() ? "; no 'auth' section is defined"
                            : "; defined: " + String.join(", ", config.auth().keySet())));
                }
            }
        }
        checkNoCycle(config);
        checkPhases(config);
        if (config.canary().isPresent() && !config.canary().get().matches("(?i)https?://.+")) {
            throw new ConfigException(top.node("canary").get().location(), "'canary' must be an http:// or https:// URL, got '"
                    + config.canary().get() + "'");
        }
    }

    private static void checkNoCycle(GreenlightConfig config) throws ConfigException {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String name : config.services().keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = findCycle(config, name, state, path);
            if (cycle != null) {
                ServiceConfig first = config.services().get(cycle.get(0));
                throw new ConfigException(first.dependencyLocation(cycle.get(1)), "depends_on forms a cycle: " + String.join(" -> ", cycle)
                        + "; a service cannot depend on itself through others");
            }
        }
    }

    private static List<String> findCycle(GreenlightConfig config, String name, Map<String, Integer> state,
                                          List<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return null;
        }
        path.add(name);
        if (s != null && s == 1) {
            return new ArrayList<>(path.subList(path.indexOf(name), path.size()));
        }
        state.put(name, 1);
        for (String dependency : config.services().get(name).dependsOn()) {
            List<String> cycle = findCycle(config, dependency, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        state.put(name, 2);
        path.remove(path.size() - 1);
        return null;
    }

    private static void checkPhases(GreenlightConfig config) throws ConfigException {
        Map<String, String> phaseOfCheck = new HashMap<>();
        Map<String, PhaseConfig> names = new HashMap<>();
        for (PhaseConfig phase : config.phases()) {
            PhaseConfig first = names.putIfAbsent(phase.name(), phase);
            if (first != null) {
                throw new ConfigException(phase.location(), "phase name '" + phase.name() + "' is used twice (first at line "
                        + first.location().line() + ")");
            }
            for (PhaseConfig.CheckRef ref : phase.checks()) {
                for (String id : resolve(config, ref)) {
                    String earlier = phaseOfCheck.putIfAbsent(id, phase.name());
                    if (earlier != null) {
                        throw new ConfigException(ref.location(), "check '" + id + "' is already in phase '" + earlier
                                + "'; a check runs in one phase");
                    }
                }
            }
        }
    }

    /** The check ids a phase reference stands for: {@code service.check}, or every check of {@code service}. */
    public static List<String> resolve(GreenlightConfig config, PhaseConfig.CheckRef ref) throws ConfigException {
        String text = ref.text();
        int dot = text.indexOf('.');
        String serviceName = dot < 0 ? text : text.substring(0, dot);
        ServiceConfig service = config.services().get(serviceName);
        if (service == null) {
            throw new ConfigException(ref.location(), "phase check '" + text + "' names unknown service '" + serviceName + "'"
                    + Suggest.didYouMean(serviceName, config.services().keySet())
                    + "; expected service.check, known services: " + String.join(", ", config.services().keySet()));
        }
        if (dot < 0) {
            if (service.checks().isEmpty()) {
                throw new ConfigException(ref.location(), "phase check '" + text + "' names service '" + serviceName
                        + "', which has no checks");
            }
            return service.checks().values().stream().map(CheckConfig::id).toList();
        }
        String checkName = text.substring(dot + 1);
        if (!service.checks().containsKey(checkName)) {
            throw new ConfigException(ref.location(), "phase check '" + text + "' names unknown check '" + checkName
                    + "' of service '" + serviceName + "'" + Suggest.didYouMean(checkName, service.checks().keySet())
                    + "; its checks: " + (service.checks().isEmpty() ? "(none)" : String.join(", ", service.checks().keySet())));
        }
        return List.of(text);
    }
}
