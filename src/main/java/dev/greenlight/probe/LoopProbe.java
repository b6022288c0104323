package dev.greenlight.probe;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A probe whose first exchange can wait on the shared I/O loop instead of a thread of its own (plain HTTP or
 * WebSocket, no proxy): the run begins it, and a thread finishes it only once the answer is in.
 */
public interface LoopProbe extends Probe {

    /** Whether {@link #begin} takes this probe's first exchange onto the loop (else it runs by {@link #observe}). */
    boolean onLoop();

    /** Starts the first exchange on the loop; its {@link Begun#done()} completes when the answer is read (or failed). */
    Begun begin(ProbeContext context, Clock clock);

    /** The observation of a begun probe whose first exchange is done; any further exchange (a redirect) blocks. */
    Observation finish(Begun begun, ProbeContext context, Clock clock);

    /**
     * Whether {@link #finish} of this begun probe, its first exchange done, is quick: no other exchange (no redirect to
     * follow) and little to read, so that it may run on the I/O loop's thread the answer came on, whose other
     * connections wait (and are timed) meanwhile.
     */
    default boolean finishesQuickly(Begun begun) {
        return false;
    }

    /** A probe begun on the loop: when it started, and its first exchange's outcome to come. */
    final class Begun {
        final Instant startedAt;
        final long start;
        /** The probe's own state of the attempt (an HTTP probe's stage stamps, a WebSocket probe's events). */
        final Object state;
        private final CompletableFuture<?> done;

        Begun(Instant startedAt, long start, Object state, CompletableFuture<?> done) {
            this.startedAt = startedAt;
            this.start = start;
            this.state = state;
            this.done = done;
        }

        /** Completes (normally or not) when the first exchange is over. */
        public CompletableFuture<?> done() {
            return done;
        }
    }
}
