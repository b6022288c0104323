package dev.greenlight.plan;

import java.time.Clock;
import java.time.Instant;

/** Wall time for timestamps, monotonic time for durations; injected so tests and the runner agree. */
public interface RunClock {

    Instant now();

    long nanos();

    Clock wall();

    static RunClock system() {
        return new RunClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public Clock wall() {
                return Clock.systemUTC();
            }
        };
    }
}
