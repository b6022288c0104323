package dev.greenlight.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One check of a service. The probe's own options stay a located {@link Node}: the probe named by
 * {@code probe} reads them (config does not know the probes; the registry does).
 */
public record CheckConfig(String service, String name, Location location, String probe, Location probeAt,
                          Node probeOptions,
                          List<Node> expect, Optional<Duration> timeout, int retries, boolean critical,
                          Optional<String> auth) {

    /** The keys every check may have; any other single key names its probe. */
    public static final Set<String> COMMON_KEYS =
            Set.of("expect", "timeout", "retries", "critical", "auth", "description");

    public CheckConfig {
        expect = List.copyOf(expect);
    }

    public String id() {
        return service + "." + name;
    }

    static CheckConfig read(String service, String name, Node node) throws ConfigException {
        String what = "check '" + service + "." + name + "'";
        Fields f = Fields.of(node, what);
        List<String> probeKeys = f.keysOtherThan(COMMON_KEYS);
        if (probeKeys.isEmpty()) {
            throw new ConfigException(f.location(), what + " names no probe; expected one key such as 'http: /health' or "
                    + "'tcp: host:port' besides " + String.join(", ", COMMON_KEYS.stream().sorted().toList()));
        }
        if (probeKeys.size() > 1) {
            throw new ConfigException(f.keyLocation(probeKeys.get(1)), what + " names two probes, '" + probeKeys.get(0)
                    + "' and '" + probeKeys.get(1) + "'; a check has exactly one (or a key is misspelt; the common keys are "
                    + String.join(", ", COMMON_KEYS.stream().sorted().toList()) + ")");
        }
        String probe = probeKeys.get(0);
        List<Node> expect = f.node("expect").isPresent()
                ? Values.list(f.node("expect").get(), "'expect' of " + what).items()
                : List.of();
        f.string("description");
        return new CheckConfig(service, name, f.location(), probe, f.keyLocation(probe), f.values().get(probe), expect,
                f.duration("timeout"), f.integer("retries", 0, 10).orElse(0),
                f.bool("critical").orElse(false), f.string("auth"));
    }
}
