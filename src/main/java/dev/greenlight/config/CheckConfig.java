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
                          Optional<String> auth, boolean ignoreHealthBody, Optional<Integer> confirm,
                          Optional<Duration> stableFor, boolean goldenPath, Optional<Integer> stuckAfter,
                          Optional<Integer> samples, Optional<Duration> interval) {

    /** The keys every check may have; any other single key names its probe. */
    public static final Set<String> COMMON_KEYS =
            Set.of("expect", "timeout", "retries", "critical", "auth", "description", "ignore_health_body", "confirm",
                    "stable_for", "golden_path", "stuck_after", "samples", "interval");

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
        if (f.has("confirm") && f.has("stable_for")) {
            throw new ConfigException(f.keyLocation("stable_for"), what + " has both 'confirm' and 'stable_for'; "
                    + "expected one of them (a number of passes in a row, or how long it must keep passing)");
        }
        Optional<Integer> samples = f.integer("samples", 2, 10000);
        if (f.has("interval") && samples.isEmpty()) {
            throw new ConfigException(f.keyLocation("interval"), what + " has 'interval' without 'samples'; expected "
                    + "'samples: N' with it (the interval spaces the samples)");
        }
        return new CheckConfig(service, name, f.location(), probe, f.keyLocation(probe), f.values().get(probe), expect,
                f.duration("timeout"), f.integer("retries", 0, 10).orElse(0),
                f.bool("critical").orElse(false), f.string("auth"), f.bool("ignore_health_body").orElse(false),
                f.integer("confirm", 0, 20), f.duration("stable_for"), f.bool("golden_path").orElse(false),
                f.integer("stuck_after", 0, 1000), samples, f.duration("interval"));
    }
}
