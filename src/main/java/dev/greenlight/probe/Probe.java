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
}
