package dev.greenlight.plan;

import dev.greenlight.health.HealthParser;
import dev.greenlight.health.HealthReport;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.LoopProbe;
import dev.greenlight.probe.Observation;
import dev.greenlight.probe.ProbeContext;
import dev.greenlight.probe.Timings;
import dev.greenlight.probe.TokenBroker;
import dev.greenlight.condition.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a check: an attempt, then its retries while it fails; under settle, rounds again with backoff until
 * it passes and stays passing. Every attempt goes into the check's timeline. Stops early when the round's
 * {@code stop} flag is raised.
 */
final class CheckRunner {

    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration FIRST_SETTLE_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_SETTLE_DELAY = Duration.ofSeconds(2);
    /** The spacing of the attempts that confirm a pass. */
    static final Duration CONFIRM_INTERVAL = Duration.ofMillis(500);
    /** Backoff delays are spread by this share either way, so many checks do not retry in lockstep. */
    private static final double JITTER = 0.2;

    private final RunClock clock;
    private final long runStart;
    private final Set<ProbeContext> inFlight;
    private final AtomicBoolean stop;
    private final TokenBroker tokens;
    private final ProgressListener progress;
    /** A check's first probe, begun on the I/O loop and done: taken by its first attempt (null: none, or taken). */
    private Begun first;
    /** Told once, the first time a check that began on the loop goes on to block its thread (null: nobody to tell). */
    private Runnable onBlock;
    /** The first attempt's round, judged where its answer came ({@link #firstOnLoop}): taken by the first attempt. */
    private Round judged;

    CheckRunner(RunClock clock, long runStart, Set<ProbeContext> inFlight, AtomicBoolean stop, TokenBroker tokens,
                ProgressListener progress) {
        this.clock = clock;
        this.progress = progress;
        this.tokens = tokens;
        this.runStart = runStart;
        this.inFlight = inFlight;
        this.stop = stop;
    }

    /**
     * A check's first probe begun on the I/O loop: its context, when it started, and the probe's own state; or why it
     * did not begin (the round was stopped before the check's turn came: no context).
     */
    record Begun(ProbeContext context, long started, LoopProbe.Begun probe, RuntimeException failure) {
        java.util.concurrent.CompletableFuture<?> done() {
            return probe == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : probe.done();
        }

        boolean begun() {
            return context != null;
        }
    }

    /** Whether a check's first probe can wait on the I/O loop rather than a thread (no token to fetch first). */
    static boolean beginsOnLoop(Check check) {
        return check.probe() instanceof LoopProbe probe && probe.onLoop() && check.auth().isEmpty();
    }

    /** Begins a check's first probe on the loop ({@link #beginsOnLoop}); does not block. */
    Begun begin(Check check) {
        if (stop.get()) {
            return new Begun(null, clock.nanos(), null, null); // its turn came after the outcome was certain
        }
        ProbeContext context = new ProbeContext(check.attemptDeadline(), null);
        inFlight.add(context);
        if (stop.get()) {
            context.cancel();
        }
        long started = clock.nanos();
        try {
            return new Begun(context, started, ((LoopProbe) check.probe()).begin(context, clock.wall()), null);
        } catch (RuntimeException e) {
            return new Begun(context, started, null, e);
        }
    }

    /** A runner for one check whose first probe is {@code begun} (done); {@code onBlock} hears if it goes on to block. */
    CheckRunner continuing(Begun begun, Runnable onBlock) {
        CheckRunner runner = new CheckRunner(clock, runStart, inFlight, stop, tokens, progress);
        runner.first = begun;
        runner.onBlock = onBlock;
        return runner;
    }

    private void blocking() {
        if (onBlock != null) {
            onBlock.run();
            onBlock = null;
        }
    }

    /**
     * The first attempt of a check begun on the loop ({@link #continuing}), judged on the thread its answer came on, when
     * finishing it waits for nothing (no redirect to follow, one sample): the check's round of {@link #runOnce} when it
     * ends with this attempt (a pass that needs no confirmation, a failure with no retry), else null, and {@link #runOnce}
     * on a probe thread goes on from it. Saves each check the hand-over to a probe thread and back.
     */
    Round firstOnLoop(Check check, List<Attempt> timeline) {
        if (first == null || first.probe() == null || check.sampling().isPresent()
                || !((LoopProbe) check.probe()).finishesQuickly(first.probe())) {
            return null;
        }
        Round round = probeOnce(check, timeline);
        if (round.passed() ? !confirms(check, check.confirm().orElse(0)) : lastTry(check, round, 0)) {
            return round.withRetries(0);
        }
        judged = round;
        return null;
    }

    /** One round, then the confirmation the check asks for explicitly ({@code confirm}, {@code stable_for}). */
    Round runOnce(Check check, List<Attempt> timeline) {
        Round round = run(check, timeline);
        return round.passed() ? confirm(check, timeline, round, check.confirm().orElse(0)) : round;
    }

    /** An attempt, then its retries while it fails. */
    Round run(Check check, List<Attempt> timeline) {
        for (int retry = 0; ; retry++) {
            boolean begun = judged != null || first != null && first.begun(); // a begun probe is done: its outcome is evidence
            if (stop.get() && !begun) {
                return Round.notRun(CheckStatus.SKIPPED, FailureSignature.CANCELLED,
                        "not run: the phase's outcome was already certain");
            }
            Round round = attempt(check, timeline).withRetries(retry);
            if (round.passed() || lastTry(check, round, retry)) {
                return round;
            }
            if (!pause(FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(retry, 4)))) {
                return round;
            }
        }
    }

    /**
     * With a settle budget: rounds again, with jittered backoff (0.5 s doubling to 2 s, the last sleep cut
     * so the last attempt starts at the end of the budget), while the check fails and the budget lasts. A
     * pass must then be confirmed ({@code confirm} passes in a row, default 2, or {@code stable_for}); a pass
     * that does not hold is a regression and the check settles on. Each check settles on its own, so a fast
     * failure is probed again at once rather than after the slowest check of its phase. A start that is stuck
     * (see {@link StuckStartup}) ends the wait before the budget does.
     */
    Round settle(Check check, List<Attempt> timeline, long settleUntil) {
        // samples prove stability already: a sampled check is not confirmed again unless it asks
        int confirmations = check.confirm().orElse(check.sampling().isPresent() ? 0 : Check.DEFAULT_CONFIRM_WHEN_SETTLING);
        Duration delay = FIRST_SETTLE_DELAY;
        while (true) {
            Round round = run(check, timeline);
            if (round.passed()) {
                round = confirm(check, timeline, round, confirmations);
                if (round.passed()) {
                    return round;
                }
            }
            long left = settleUntil - clock.nanos();
            // what stands in the target's place answers the same a minute later
            if (left <= 0 || stop.get() || round.signature() == FailureSignature.CANCELLED || round.signature().isUnobservable()) {
                return round;
            }
            Optional<String> stuck = StuckStartup.of(timeline, check.stuckAfter());
            if (stuck.isPresent()) {
                return round.withDetail(stuck.get() + ": " + round.detail()); // waiting longer would not help
            }
            if (!pause(Duration.ofNanos(Math.min(jittered(delay).toNanos(), left)))) {
                return round;
            }
            delay = delay.multipliedBy(2).compareTo(MAX_SETTLE_DELAY) > 0 ? MAX_SETTLE_DELAY : delay.multipliedBy(2);
        }
    }

    /**
     * After a first pass: {@code passes} more in a row, spaced by {@link #CONFIRM_INTERVAL}, or passing for the
     * check's {@code stable_for}. The first failure ends it: the check passed, then failed (regressed).
     */
    private Round confirm(Check check, List<Attempt> timeline, Round first, int passes) {
        if (!confirms(check, passes)) {
            return first;
        }
        Optional<Duration> stableFor = check.stableFor();
        long firstPassAt = clock.nanos();
        Round last = first;
        for (int n = 0; stableFor.isPresent() ? clock.nanos() - firstPassAt < stableFor.get().toNanos() : n < passes; n++) {
            Duration wait = stableFor.isPresent()
                    ? min(CONFIRM_INTERVAL, Duration.ofNanos(firstPassAt + stableFor.get().toNanos() - clock.nanos()))
                    : CONFIRM_INTERVAL;
            if (!pause(wait)) {
                return Round.notRun(CheckStatus.SKIPPED, FailureSignature.CANCELLED,
                        "stopped while confirming its first pass: the phase's outcome was already certain");
            }
            last = attempt(check, timeline);
            if (!last.passed()) {
                return last;
            }
        }
        return last;
    }

    /** One attempt: one probe, or with {@code samples: N} N probes spaced by the interval, judged together. */
    private Round attempt(Check check, List<Attempt> timeline) {
        if (judged != null) {
            Round round = judged;
            judged = null;
            return round;
        }
        return check.sampling().isPresent() ? sampled(check, timeline, check.sampling().get()) : probeOnce(check, timeline);
    }

    /**
     * N probes, each in the timeline; stops as soon as a condition over the samples can no longer hold, even if
     * every sample still to come passed at once (fail fast, as Argo Rollouts' failureLimit and k6's abortOnFail).
     */
    private Round sampled(Check check, List<Attempt> timeline, Check.Sampling sampling) {
        List<Duration> times = new ArrayList<>();
        int passed = 0;
        Round first = null;
        Round last = null;
        boolean cut = false;
        for (int i = 0; i < sampling.samples(); i++) {
            if (i > 0 && !pause(sampling.interval())) {
                break;
            }
            last = probeOnce(check, timeline);
            if (last.signature() == FailureSignature.CANCELLED || last.signature() == FailureSignature.BLOCKED) {
                return last;
            }
            times.add(last.observation() == null ? Duration.ZERO : last.observation().elapsed());
            if (last.passed()) {
                passed++;
            } else if (first == null) {
                first = last;
            }
            Samples soFar = new Samples(i + 1, passed, times);
            if (i + 1 < sampling.samples() && check.conditions().stream()
                    .anyMatch(c -> c.overSamples() && !c.stillPossible(soFar, sampling.samples()))) {
                cut = true;
                break;
            }
            if (i + 1 < sampling.samples() && first != null && check.conditions().stream().noneMatch(c -> c.overSamples())) {
                cut = true; // without conditions over samples, every sample must pass
                break;
            }
        }
        if (last == null) {
            return Round.notRun(CheckStatus.SKIPPED, FailureSignature.CANCELLED, "stopped before its first sample");
        }
        Samples samples = new Samples(times.size(), passed, times);
        return Judge.judgeSamples(check, samples, first, last, cut).withSamples(samples);
    }

    private Round probeOnce(Check check, List<Attempt> timeline) {
        String bearer = null;
        if (check.auth().isPresent()) {
            long asked = clock.nanos();
            TokenBroker.Grant grant = tokens.grant(check.auth().get(), check.timeout());
            if (!grant.ok()) {
                Round blocked = Round.notRun(CheckStatus.BLOCKED, FailureSignature.BLOCKED, "blocked: no token from auth source '"
                        + check.auth().get() + "' (auth." + check.auth().get() + "): " + grant.observation().detail());
                timeline.add(new Attempt(timeline.size() + 1, Duration.ofNanos(asked - runStart),
                        Duration.ofNanos(clock.nanos() - asked), false, FailureSignature.BLOCKED, blocked.detail(), null, null));
                return blocked;
            }
            bearer = grant.token();
        }
        Begun begun = first;
        first = null;
        ProbeContext context;
        long started;
        if (begun != null) {
            context = begun.context();
            started = begun.started();
        } else {
            blocking();
            context = new ProbeContext(check.attemptDeadline(), bearer);
            inFlight.add(context);
            if (stop.get()) {
                context.cancel();
            }
            started = clock.nanos();
        }
        Observation observation;
        try {
            if (begun != null && begun.failure() != null) {
                throw begun.failure();
            }
            observation = begun != null ? ((LoopProbe) check.probe()).finish(begun.probe(), context, clock.wall())
                    : check.probe().observe(context, clock.wall());
        } catch (RuntimeException e) {
            observation = Observation.failed(check.probe().target(), clock.now(), FailureSignature.INTERNAL_ERROR,
                    "Greenlight failed while probing: " + e, Timings.total(Duration.ofNanos(clock.nanos() - started)));
        } finally {
            inFlight.remove(context);
        }
        if (!context.passedOver().isEmpty()) {
            // evidence whatever the outcome: clients that try a name's addresses one by one fail where this one went on
            observation = observation.withPassedOver(context.passedOver());
        }
        HealthReport health = HealthParser.parse(observation.body()); // once: the judge and the timeline's startup fields
        Round round = Judge.judge(check, observation, health).withHealth(health);
        if (!round.passed() && check.responseTimeBound().isPresent()
                && (round.signature() == FailureSignature.SLOW_RESPONSE || round.signature() == FailureSignature.READ_TIMEOUT)) {
            round = round.withCertainAt(started + check.responseTimeBound().get().toNanos());
        }
        Attempt attempt = new Attempt(timeline.size() + 1, Duration.ofNanos(started - runStart), observation.elapsed(),
                round.passed(), round.signature(), round.detail(), observation.status(),
                new Attempt.Startup(health.startupPhase(), health.startupComplete(), health.emergencyMode()));
        timeline.add(attempt);
        progress.attempted(check, attempt, observation);
        return round;
    }

    private static Duration jittered(Duration delay) {
        double factor = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofNanos((long) (delay.toNanos() * factor));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Whether a failed attempt is the run's last: no retry left, or one would not tell more. */
    private static boolean lastTry(Check check, Round failed, int retry) {
        return retry >= check.retries() || failed.signature() == FailureSignature.CANCELLED
                || failed.signature() == FailureSignature.BLOCKED || failed.signature().isUnobservable();
    }

    /** Whether a first pass is confirmed by more: {@code passes} of them, or the check's {@code stable_for}. */
    private static boolean confirms(Check check, int passes) {
        return check.stableFor().isPresent() || passes > 0;
    }

    /** Sleeps unless the round is stopped; false when stopped. */
    private boolean pause(Duration delay) {
        blocking();
        long until = clock.nanos() + delay.toNanos();
        while (!stop.get()) {
            long left = until - clock.nanos();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
