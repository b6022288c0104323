package dev.greenlight.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployed service: where it is, what it depends on, what its failure costs, its checks, the version its answers
 * must come from ({@code expected_version}; empty, as {@code ${GIT_SHA:-}} may give, means none), and the environment it
 * serves when it is not the plan's ({@code environment}: a service shared with production on purpose).
 */
public record ServiceConfig(String name, Location location, Optional<String> url, List<String> dependsOn,
                           Map<String, Location> dependencyLocations, List<String> aliases, Impact impact,
                           Map<String, CheckConfig> checks, Optional<String> expectedVersion, Optional<String> environment) {

    public ServiceConfig {
        dependsOn = List.copyOf(dependsOn);
        dependencyLocations = Map.copyOf(dependencyLocations);
        aliases = List.copyOf(aliases);
        checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    static ServiceConfig read(String name, Node node) throws ConfigException {
        String what = "service '" + name + "'";
        Fields f = Fields.of(node, what, "url", "depends_on", "aliases", "impact", "checks", "description",
                "expected_version", "environment");
        f.string("description");
        Map<String, CheckConfig> checks = new LinkedHashMap<>();
        if (f.has("checks")) {
            Fields checkMap = Fields.of(f.required("checks"), "'checks' of " + what);
            for (Map.Entry<String, Node> entry : checkMap.values().entrySet()) {
                String checkName = entry.getKey();
                if (!isName(checkName)) {
                    throw new ConfigException(checkMap.keyLocation(checkName), "check name '" + checkName + "' of " + what
                            + " must use letters, digits, '-' and '_' (it becomes the id " + name + "." + checkName + ")");
                }
                checks.put(checkName, CheckConfig.read(name, checkName, entry.getValue()));
            }
        }
        Impact impact = f.has("impact") ? Impact.read(f.required("impact"), what) : Impact.NONE;
        Map<String, Location> dependencyLocations = new LinkedHashMap<>();
        if (f.has("depends_on")) {
            for (Node item : Values.list(f.required("depends_on"), "'depends_on' of " + what).items()) {
                dependencyLocations.putIfAbsent(Values.string(item, "an item of 'depends_on' of " + what), item.location());
            }
        }
        if (f.has("expected_version") && checks.values().stream().noneMatch(c -> ANSWERS_WITH_VERSION.contains(c.probe()))) {
            throw new ConfigException(f.keyLocation("expected_version"), what + " has 'expected_version' but no http "
                    + "check, so no answer of it can say its version; expected an http check of an endpoint that reports it "
                    + "(/version, /actuator/info, a health body with \"version\")");
        }
        return new ServiceConfig(name, f.location(), f.string("url"), f.strings("depends_on"), dependencyLocations,
                f.strings("aliases"), impact, checks, f.string("expected_version").map(String::trim).filter(v -> !v.isEmpty()),
                f.string("environment"));
    }

    /** Where {@code depends_on} names {@code dependency}, for errors about it. */
    public Location dependencyLocation(String dependency) {
        return dependencyLocations.getOrDefault(dependency, location);
    }

    /** The probes whose answers can name the version that answered (a health body, version headers). */
    private static final java.util.Set<String> ANSWERS_WITH_VERSION = java.util.Set.of("http");

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** Whether a service or check name is made of letters, digits, '-' and '_' (it becomes part of an id). */
    static boolean isName(String name) {
        return NAME.matcher(name).matches(); // compiled once: a plan names thousands of checks
    }
}
