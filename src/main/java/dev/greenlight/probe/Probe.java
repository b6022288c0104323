package dev.greenlight.probe;

import java.time.Clock;

/** One prepared probe of one target. Never throws for a target's failure: the Observation says it. */
public interface Probe {

    /** What is probed, for reports: {@code GET http://127.0.0.1:8080/health}. */
    String target();

    Observation observe(ProbeContext context, Clock clock);

    /** The attempt deadline this probe needs for a check timeout (a WebSocket waiting 120 s for an event needs more). */
    default java.time.Duration deadline(java.time.Duration timeout) {
        return timeout;
    }

    /**
     * A secret this probe sends where anyone on the network path can read it ({@link InTheClear}), said as "its bearer
     * token goes over plain http to api.example.com (https:// encrypts it)"; empty when it sends none so.
     *
     * @param bearer whether the check sends an auth source's token
     * @param secret whether a value holds a secret of the config
     */
    default java.util.Optional<String> secretInTheClear(boolean bearer, java.util.function.Predicate<String> secret) {
        return java.util.Optional.empty();
    }
}
