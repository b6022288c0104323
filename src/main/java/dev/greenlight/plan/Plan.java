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

    public int checkCount() {
        return phases.stream().mapToInt(p -> p.checks().size()).sum();
    }
}
