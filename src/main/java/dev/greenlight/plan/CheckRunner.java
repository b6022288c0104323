package dev.greenlight.plan;

import dev.greenlight.condition.Condition;
import dev.greenlight.condition.ConditionResult;
import dev.greenlight.condition.Evaluator;
import dev.greenlight.health.HealthParser;
import dev.greenlight.health.HealthReport;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import dev.greenlight.probe.ProbeContext;
import dev.greenlight.probe.Timings;
import dev.greenlight.probe.TokenBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one round of a check: an attempt, then its retries while it fails. Every attempt goes into
 * the check's timeline. Stops early when the round's {@code stop} flag is raised.
 */
final class CheckRunner {

    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration FIRST_SETTLE_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_SETTLE_DELAY = Duration.ofSeconds(5);

    private final RunClock clock;
    private final long runStart;
    private final Set<ProbeContext> inFlight;
    private final AtomicBoolean stop;
    private final TokenBroker tokens;

    CheckRunner(RunClock clock, long runStart, Set<ProbeContext> inFlight, AtomicBoolean stop, TokenBroker tokens) {
        this.clock = clock;
        this.tokens = tokens;
        this.runStart = runStart;
        this.inFlight = inFlight;
        this.stop = stop;
    }

    Round run(Check check, List<Attempt> timeline) {
        for (int retry = 0; ; retry++) {
            if (stop.get()) {
                return Round.notRun(CheckStatus.SKIPPED, FailureSignature.CANCELLED,
                        "not run: the phase's outcome was already certain");
            }
            Round round = attempt(check, timeline).withRetries(retry);
            if (round.passed() || retry >= check.retries() || round.signature() == FailureSignature.CANCELLED
                    || round.signature() == FailureSignature.BLOCKED) {
                return round;
            }
            if (!pause(FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(retry, 4)))) {
                return round;
            }
        }
    }

    /**
     * With a settle budget: rounds again, with backoff (0.5 s doubling to 5 s), while the check fails and
     * the budget lasts. Each check settles on its own, so a fast failure is probed again at once rather
     * than after the slowest check of its phase.
     */
    Round settle(Check check, List<Attempt> timeline, long settleUntil) {
        Duration delay = FIRST_SETTLE_DELAY;
        while (true) {
            Round round = run(check, timeline);
            long left = settleUntil - clock.nanos();
            if (round.passed() || left <= delay.toNanos() || stop.get() || round.signature() == FailureSignature.CANCELLED) {
                return round;
            }
            if (!pause(delay)) {
                return round;
            }
            delay = delay.multipliedBy(2).compareTo(MAX_SETTLE_DELAY) > 0 ? MAX_SETTLE_DELAY : delay.multipliedBy(2);
        }
    }

    private Round attempt(Check check, List<Attempt> timeline) {
        String bearer = null;
        if (check.auth().isPresent()) {
            long asked = clock.nanos();
            TokenBroker.Grant grant = tokens.grant(check.auth().get(), check.timeout());
            if (!grant.ok()) {
                Round blocked = Round.notRun(CheckStatus.BLOCKED, FailureSignature.BLOCKED, "blocked: no token from auth source '"
                        + check.auth().get() + "' (auth." + check.auth().get() + "): " + grant.observation().detail());
                timeline.add(new Attempt(timeline.size() + 1, Duration.ofNanos(asked - runStart),
                        Duration.ofNanos(clock.nanos() - asked), false, FailureSignature.BLOCKED, blocked.detail(), null));
                return blocked;
            }
            bearer = grant.token();
        }
        ProbeContext context = new ProbeContext(check.attemptDeadline(), bearer);
        inFlight.add(context);
        if (stop.get()) {
            context.cancel();
        }
        long started = clock.nanos();
        Observation observation;
        try {
            observation = check.probe().observe(context, clock.wall());
        } catch (RuntimeException e) {
            observation = Observation.failed(check.probe().target(), clock.now(), FailureSignature.INTERNAL_ERROR,
                    "Greenlight failed while probing: " + e, Timings.total(Duration.ofNanos(clock.nanos() - started)));
        } finally {
            inFlight.remove(context);
        }
        Round round = judge(check, observation);
        timeline.add(new Attempt(timeline.size() + 1, Duration.ofNanos(started - runStart), observation.elapsed(),
                round.passed(), round.signature(), round.detail(), observation.status()));
        return round;
    }

    /** PASS when the probe got its answer and every condition holds; otherwise the most telling signature. */
    static Round judge(Check check, Observation observation) {
        Evaluator evaluator = new Evaluator(observation);
        List<ConditionResult> results = new ArrayList<>();
        FailureSignature conditionSignature = null;
        String conditionDetail = null;
        for (Condition condition : check.conditions()) {
            ConditionResult result = evaluator.evaluate(condition);
            results.add(result);
            if (!result.success() && conditionSignature == null) {
                conditionSignature = condition.signatureWhenFailed();
                conditionDetail = condition.source() + " failed (actual: " + result.actual() + ")";
            }
        }
        boolean degraded = HealthParser.parse(observation.body()).status() == HealthReport.Status.DEGRADED;
        FailureSignature seen = observation.signature();
        if (seen == FailureSignature.CANCELLED) {
            return new Round(CheckStatus.SKIPPED, seen, "stopped: the phase's outcome was already certain", results,
                    observation, 0, false);
        }
        if (seen == FailureSignature.INTERNAL_ERROR) {
            return new Round(CheckStatus.ERROR, seen, observation.detail(), results, observation, 0, false);
        }
        if (!observation.reached()) {
            return new Round(CheckStatus.FAIL, seen, observation.detail(), results, observation, 0, degraded);
        }
        if (conditionSignature != null) {
            return new Round(CheckStatus.FAIL, conditionSignature, conditionDetail, results, observation, 0, degraded);
        }
        return new Round(CheckStatus.PASS, FailureSignature.NONE, observation.detail(), results, observation, 0, degraded);
    }

    /** Sleeps unless the round is stopped; false when stopped. */
    private boolean pause(Duration delay) {
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
