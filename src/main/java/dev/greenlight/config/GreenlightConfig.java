package dev.greenlight.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A whole, validated greenlight.yaml. References between its parts are known to resolve. */
public record GreenlightConfig(String file, String environment, Duration settle, int concurrency, Duration timeout,
                               boolean acceptDegraded, Optional<String> canary, Map<String, AuthSource> auth,
                               Map<String, ServiceConfig> services, List<PhaseConfig> phases, Secrets secrets,
                               PreflightConfig preflight, AlertsConfig alerts,
                               Optional<OnNoGoConfig> onNoGo) {

    public static final int DEFAULT_CONCURRENCY = 32;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public GreenlightConfig {
        auth = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(auth));
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
        phases = List.copyOf(phases);
    }

    public GreenlightConfig withSettle(Duration newSettle) {
        return new GreenlightConfig(file, environment, newSettle, concurrency, timeout, acceptDegraded, canary, auth,
                services, phases, secrets, preflight, alerts, onNoGo);
    }

    public GreenlightConfig withConcurrency(int newConcurrency) {
        return new GreenlightConfig(file, environment, settle, newConcurrency, timeout, acceptDegraded, canary, auth,
                services, phases, secrets, preflight, alerts, onNoGo);
    }
}
