package dev.greenlight.plan;

import dev.greenlight.config.Secrets;
import dev.greenlight.probe.TokenBroker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a verify run does, fully prepared: phases of checks, the settle budget, the concurrency bound,
 * how long evidence may still be gathered once the verdict is certain, and an optional canary.
 */
public record Plan(String environment, List<Phase> phases, Duration settle, int concurrency, Duration evidenceWindow,
                   boolean acceptDegraded, Optional<Check> canary, Secrets secrets, TokenBroker tokens,
                   java.util.Map<String, ServiceInfo> services) {

    public static final Duration DEFAULT_EVIDENCE_WINDOW = Duration.ofSeconds(2);

    public Plan {
        phases = List.copyOf(phases);
        services = java.util.Map.copyOf(services);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
    }

    /** The same plan with the checks of {@code services} no longer held to their {@code expected_version}. */
    public Plan releasing(java.util.Set<String> services) {
        if (services.isEmpty()) {
            return this;
        }
        List<Phase> released = phases.stream().map(p -> new Phase(p.name(), p.checks().stream()
                .map(c -> services.contains(c.service()) ? c.withoutExpectedVersion() : c).toList(), p.minPassRate(),
                p.abortOnMiss())).toList();
        return new Plan(environment, released, settle, concurrency, evidenceWindow, acceptDegraded, canary, secrets, tokens,
                services());
    }

    /** Each service's {@code expected_version}, where the config gives one. */
    public java.util.Map<String, String> expectedVersions() {
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        phases.forEach(p -> p.checks().forEach(c -> c.expectedVersion().ifPresent(v -> expected.put(c.service(), v))));
        return expected;
    }

    public int checkCount() {
        return phases.stream().mapToInt(p -> p.checks().size()).sum();
    }
}
