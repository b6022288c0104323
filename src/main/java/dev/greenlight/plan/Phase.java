package dev.greenlight.plan;

import java.util.List;

/** Checks that run together, the share of them that must pass, and whether a miss stops the run. */
public record Phase(String name, List<Check> checks, double minPassRate, boolean abortOnMiss) {

    public Phase {
        checks = List.copyOf(checks);
        if (minPassRate < 0 || minPassRate > 1) {
            throw new IllegalArgumentException("minPassRate must be within 0..1, got " + minPassRate);
        }
    }

    /** How many checks must pass: the rate rounded up, so 90% of 15 needs 14. */
    public int required() {
        return (int) Math.ceil(minPassRate * checks.size() - 1e-9);
    }
}
