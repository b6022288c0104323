package dev.greenlight.plan;

import dev.greenlight.condition.Condition;
import dev.greenlight.probe.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A runnable check: its probe, its conditions, how long and how often it may try, the auth source it needs. */
public record Check(String id, String service, String name, Probe probe, List<Condition> conditions, Duration timeout,
                    int retries, boolean critical, Optional<String> auth) {

    public Check {
        conditions = List.copyOf(conditions);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }

    /**
     * The deadline of one attempt: the timeout, or the {@code [RESPONSE_TIME] <} bound when smaller,
     * since past that bound the check has failed whatever comes.
     */
    public Duration attemptDeadline() {
        Duration deadline = probe.deadline(timeout);
        for (Condition c : conditions) {
            Optional<Duration> bound = c.responseTimeBound();
            if (bound.isPresent() && bound.get().compareTo(deadline) < 0 && !bound.get().isZero()) {
                deadline = bound.get();
            }
        }
        return deadline;
    }
}
