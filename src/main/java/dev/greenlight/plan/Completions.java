package dev.greenlight.plan;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a round's checks put their outcomes as they finish, for the one thread that waits for them. While outcomes keep
 * coming, the waiting thread takes them in batches after a short nap instead of being woken for each: a wake-up is a
 * system call on the finishing thread (the I/O loop's, for a check judged there) and a switch of threads for every
 * check, which a run of thousands of short checks paid on two cores. Once a nap finds nothing, it sleeps until woken;
 * the last outcome expected always wakes it, so a run ends as soon as its last check does.
 */
final class Completions<T> {

    /** At most this much later an outcome is taken while others keep coming. */
    private static final long NAP_NANOS = 1_000_000;

    private final ConcurrentLinkedQueue<T> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger expected;
    /** The waiting thread while it sleeps until woken (null: awake, or napping). */
    private volatile Thread sleeper;
    private volatile Thread waiter;
    /** Whether the last wait found an outcome: the next one naps first. Waiting thread only. */
    private boolean coming;

    Completions(int expected) {
        this.expected = new AtomicInteger(expected);
    }

    /** An outcome; wakes the waiting thread if it sleeps, or if this is the last outcome expected. */
    void add(T outcome) {
        done.add(outcome);
        boolean last = expected.decrementAndGet() == 0;
        Thread wake = sleeper;
        if (wake == null && last) {
            wake = waiter;
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
    }

    /**
     * The next outcome, waiting at most {@code nanos} for it (null: none came, or the waiting thread was interrupted, its
     * interrupt kept). One thread waits.
     */
    T poll(long nanos) {
        waiter = Thread.currentThread();
        long until = System.nanoTime() + Math.max(0, nanos);
        T outcome = done.poll();
        while (outcome == null) {
            long left = until - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                coming = false;
                return null;
            }
            if (coming) {
                coming = false;
                LockSupport.parkNanos(this, Math.min(left, NAP_NANOS));
            } else {
                sleeper = Thread.currentThread();
                outcome = done.poll(); // added before this thread said it sleeps: nobody would wake it
                if (outcome == null) {
                    LockSupport.parkNanos(this, left);
                }
                sleeper = null;
            }
            if (outcome == null) {
                outcome = done.poll();
            }
        }
        coming = true;
        return outcome;
    }
}
