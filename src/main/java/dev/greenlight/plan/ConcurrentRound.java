package dev.greenlight.plan;

import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.ProbeContext;
import dev.greenlight.probe.TokenBroker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a set of checks concurrently on the run's bounded pool. When the {@link Decider} says the outcome
 * is certain, the remaining checks get the evidence window, then are stopped; every check also has a
 * hard deadline. A check that did not finish is SKIPPED or ERROR, never passed.
 */
final class ConcurrentRound {

    /** How long stopped probes get to return once their sockets are closed. */
    private static final Duration AFTER_STOP = Duration.ofSeconds(2);
    private static final Duration HARD_DEADLINE_SLACK = Duration.ofSeconds(3);
    /** How often the listener hears which checks are still being waited for. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final Slots pool;
    private final ProbeThreads threads;
    private final RunClock clock;
    private final long runStart;
    private final Duration evidenceWindow;
    private final TokenBroker tokens;
    private final int concurrency;
    private final ProgressListener progress;

    /** @param threads told when a check that began on the I/O loop goes on to hold its thread */
    ConcurrentRound(Slots pool, ProbeThreads threads, int concurrency, RunClock clock, long runStart, Duration evidenceWindow,
                    TokenBroker tokens, ProgressListener progress) {
        this.threads = threads;
        this.concurrency = concurrency;
        this.progress = progress;
        this.tokens = tokens;
        this.pool = pool;
        this.clock = clock;
        this.runStart = runStart;
        this.evidenceWindow = evidenceWindow;
    }

    /** What a round produced: each check's outcome, and when (if at all) the outcome became certain. */
    record Outcome(Map<Check, Round> rounds, Long decidedAtNanos) {
    }

    /** Told of each outcome as it comes; answers true once the round's outcome is certain. Called on one thread. */
    interface Decider {
        Decider NEVER = (check, round) -> false;

        boolean certainAfter(Check check, Round round);
    }

    Outcome run(List<Check> checks, Map<Check, List<Attempt>> timelines, Decider decider, Listener listener) {
        return run(checks, timelines, decider, listener, 0);
    }

    /** @param settleUntil monotonic nanos until which each failing check is probed again (0: one round) */
    Outcome run(List<Check> checks, Map<Check, List<Attempt>> timelines, Decider decider, Listener listener,
                long settleUntil) {
        AtomicBoolean stop = new AtomicBoolean();
        Set<ProbeContext> inFlight = ConcurrentHashMap.newKeySet();
        CheckRunner runner = new CheckRunner(clock, runStart, inFlight, stop, tokens, progress);
        Completions<Running> completion = new Completions<>(checks.size());
        Map<Running, Check> pending = new LinkedHashMap<>();
        for (Check check : checks) {
            Running running = new Running(check, completion);
            pending.put(running, check);
            List<Attempt> timeline = timelines.get(check);
            if (CheckRunner.beginsOnLoop(check)) { // its first probe holds no thread while it waits for the answer
                pool.begin(() -> runner.begin(check), CheckRunner.Begun::done, begun -> {
                    CheckRunner continuing = runner.continuing(begun, threads::oneMoreHeld);
                    if (settleUntil == 0 && running.ranHere(() -> continuing.firstOnLoop(check, timeline))) {
                        return null; // judged where its answer came, and over
                    }
                    return () -> running.run(() -> settleUntil > 0
                            ? continuing.settle(check, timeline, settleUntil) : continuing.runOnce(check, timeline));
                });
            } else {
                pool.execute(() -> running.run(() -> settleUntil > 0
                        ? runner.settle(check, timeline, settleUntil) : runner.runOnce(check, timeline)));
            }
        }
        Map<Check, Round> rounds = new LinkedHashMap<>();
        long hardDeadline = clock.nanos() + atMostACentury(hardDeadline(checks, concurrency))
                + Math.max(0, settleUntil - clock.nanos());
        Long decidedAt = null;
        Long stopAt = hardDeadline;
        long nextBeat = clock.nanos() + HEARTBEAT.toNanos();
        while (!pending.isEmpty()) {
            Running done = completion.poll(Math.min(stopAt, nextBeat) - clock.nanos());
            if (done == null && clock.nanos() >= nextBeat && clock.nanos() < stopAt) {
                nextBeat = clock.nanos() + HEARTBEAT.toNanos();
                listener.stillWaiting(List.copyOf(pending.values()), settleUntil);
                continue;
            }
            if (done == null) {
                if (stop.get()) {
                    break; // stopped probes did not return in time: reported below
                }
                stop.set(true);
                inFlight.forEach(ProbeContext::cancel);
                stopAt = clock.nanos() + AFTER_STOP.toNanos();
                continue;
            }
            Check check = pending.remove(done);
            Round round = done.round();
            rounds.put(check, round);
            listener.finished(check, round);
            if (decider.certainAfter(check, round) && decidedAt == null) {
                decidedAt = round.certainAtNanos() != null ? Math.min(clock.nanos(), round.certainAtNanos()) : clock.nanos();
                stopAt = Math.min(hardDeadline, decidedAt + evidenceWindow.toNanos());
            }
        }
        for (Map.Entry<Running, Check> left : pending.entrySet()) {
            left.getKey().interrupt();
            Round round = Round.notRun(CheckStatus.ERROR, FailureSignature.INTERNAL_ERROR,
                    "the probe did not return within its hard deadline");
            rounds.put(left.getValue(), round);
            listener.finished(left.getValue(), round);
        }
        Map<Check, Round> ordered = new LinkedHashMap<>();
        checks.forEach(c -> ordered.put(c, rounds.get(c)));
        return new Outcome(ordered, decidedAt);
    }

    interface Listener {
        void finished(Check check, Round round);

        /** Every {@link #HEARTBEAT} while checks are still running: which ones (their timelines say how far). */
        default void stillWaiting(List<Check> running, long settleUntil) {
        }
    }

    /**
     * When the round must be over whatever happens: the longest check's attempts, times the number of
     * waves the pool needs to run them all (checks wait for a free slot), plus a margin.
     */
    static Duration hardDeadline(List<Check> checks, int concurrency) {
        Duration longest = Duration.ZERO;
        for (Check check : checks) {
            long probesPerAttempt = check.sampling().map(Check.Sampling::samples).orElse(1);
            Duration perAttempt = check.attemptDeadline().multipliedBy(probesPerAttempt).plus(check.sampling()
                    .map(s -> s.interval().multipliedBy(s.samples() - 1L)).orElse(Duration.ZERO));
            Duration attempts = perAttempt.multipliedBy(check.retries() + 1L)
                    .plus(Duration.ofMillis(200L * ((1L << Math.min(check.retries(), 5)) - 1)))
                    .plus(confirmation(check, perAttempt));
            longest = attempts.compareTo(longest) > 0 ? attempts : longest;
        }
        long waves = (checks.size() + concurrency - 1) / concurrency;
        return longest.multipliedBy(Math.max(1, waves)).plus(HARD_DEADLINE_SLACK);
    }

    /**
     * A hard deadline's nanoseconds, at most a century's: the longest timeouts times the waves of a large plan are no
     * deadline at all, and past 292 years they overflow a long.
     */
    private static long atMostACentury(Duration deadline) {
        return deadline.compareTo(CENTURY) > 0 ? CENTURY.toNanos() : deadline.toNanos();
    }

    private static final Duration CENTURY = Duration.ofDays(36_525);

    /** The longest a pass may take to be confirmed: {@code stable_for}, or its passes each after an interval. */
    private static Duration confirmation(Check check, Duration perAttempt) {
        if (check.stableFor().isPresent()) {
            return check.stableFor().get().plus(perAttempt);
        }
        int passes = check.confirm().orElse(check.sampling().isPresent() ? 0 : Check.DEFAULT_CONFIRM_WHEN_SETTLING);
        return CheckRunner.CONFIRM_INTERVAL.plus(perAttempt).multipliedBy(passes);
    }

    /** One check of the round: its outcome once it has one, and the thread running it meanwhile. */
    private static final class Running {
        private final Check check;
        private final Completions<Running> completion;
        private volatile Thread thread;
        private volatile Round round;

        Running(Check check, Completions<Running> completion) {
            this.check = check;
            this.completion = completion;
        }

        /** Runs the check on this thread; its outcome (or why there is none) goes to the round's queue. */
        void run(java.util.function.Supplier<Round> check) {
            thread = Thread.currentThread();
            try {
                round = check.get();
            } catch (RuntimeException | Error e) {
                round = failed(e);
            } finally {
                thread = null;
                completion.add(this);
            }
        }

        /**
         * Runs what of the check cannot block on this thread (the I/O loop's: never interrupted at the hard deadline);
         * true when that was the whole check, its outcome (or why there is none) gone to the round's queue.
         */
        boolean ranHere(java.util.function.Supplier<Round> nonBlocking) {
            try {
                round = nonBlocking.get();
            } catch (RuntimeException | Error e) {
                round = failed(e);
            }
            if (round != null) {
                completion.add(this);
            }
            return round != null;
        }

        private Round failed(Throwable e) {
            return Round.notRun(CheckStatus.ERROR, FailureSignature.INTERNAL_ERROR,
                    "Greenlight failed while running " + check.id() + ": " + e);
        }

        Round round() {
            return round;
        }

        /** A check that did not return within its hard deadline is interrupted, wherever it is stuck. */
        void interrupt() {
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
        }
    }
}
