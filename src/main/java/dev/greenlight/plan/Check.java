package dev.greenlight.plan;

import dev.greenlight.condition.Condition;
import dev.greenlight.probe.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A runnable check: its probe, its conditions, how long and how often it may try, the auth source it needs.
 *
 * @param judgeHealthBody a health body that says down fails the check whatever the conditions say (default);
 *                        false only when the config says {@code ignore_health_body: true}
 * @param confirm         passes in a row required after the first one before a settling check counts as ready
 * @param stableFor       the alternative to {@code confirm}: how long it must keep passing after the first pass
 * @param goldenPath      the check is on the user journey that matters most (its phase or itself says so)
 * @param stuckAfter      answers in a row in one unfinished startup phase after which a settling check is STUCK
 *                        (0: wait for the whole budget)
 * @param sampling        the check runs N times per attempt and is judged on the samples ({@code [SUCCESS_RATE]}...)
 * @param otherServices   the names and aliases of the plan's other services (lower case): a health body that names one
 *                        of them came from the wrong service
 * @param expectedVersion the version the service's answers must come from, when the config says
 *                        ({@code expected_version}): an answer that names another is {@code WRONG_VERSION}
 * @param environment     the environment the service's answers must come from (the plan's, or the service's own):
 *                        a health body that says another is {@code WRONG_ENVIRONMENT}
 * @param secretInTheClear a secret the check sends where anyone on the network path can read it
 *                        ({@link Probe#secretInTheClear}): the diagnosis notes it once the check ran
 */
public record Check(String id, String service, String name, Probe probe, List<Condition> conditions, Duration timeout,
                    int retries, boolean critical, Optional<String> auth, boolean judgeHealthBody,
                    Optional<Integer> confirm, Optional<Duration> stableFor, boolean goldenPath, int stuckAfter,
                    Optional<Sampling> sampling, java.util.Set<String> otherServices, Optional<String> expectedVersion,
                    Optional<String> environment, Optional<String> secretInTheClear) {

    /** {@code samples: N, interval: D}: each attempt of the check is N probes, judged over their distribution. */
    public record Sampling(int samples, Duration interval) {
        public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    }

    /** Passes in a row after the first, when settling and the config does not say: like Gatus' success-threshold. */
    public static final int DEFAULT_CONFIRM_WHEN_SETTLING = 2;
    /** About 7 s of answers in one startup phase at the settle backoff's pace. */
    public static final int DEFAULT_STUCK_AFTER = 6;

    /**
     * By id, which equal checks share: a check is a map key all through a run, and the record's own hash would walk its
     * probe and conditions on every look-up (and spin method handles on the first, delaying the first probe).
     */
    @Override
    public int hashCode() {
        return id.hashCode();
    }

    public Check {
        conditions = List.copyOf(conditions);
        otherServices = java.util.Set.copyOf(otherServices); // a copy of an immutable set is the set itself
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }

    /** What the diagnosis and {@code validate} say of a secret this check sends in the clear; empty when it sends none so. */
    public Optional<String> secretInTheClearNote() {
        return secretInTheClear.map(said -> id + ": " + said + "; anyone on the network path can read it");
    }

    /** The same check, its service's answers no longer held to an {@code expected_version}. */
    public Check withoutExpectedVersion() {
        return expectedVersion.isEmpty() ? this : new Check(id, service, name, probe, conditions, timeout, retries, critical, auth,
                judgeHealthBody, confirm, stableFor, goldenPath, stuckAfter, sampling, otherServices, Optional.empty(), environment,
                secretInTheClear);
    }

    /** A check with the defaults for everything but what it probes (the canary, the auth sources' token checks). */
    static Check simple(String id, String service, String name, Probe probe, Duration timeout, int retries, boolean critical) {
        return new Check(id, service, name, probe, List.of(), timeout, retries, critical, Optional.empty(), true,
                Optional.of(0), Optional.empty(), false, 0, Optional.empty(), java.util.Set.of(), Optional.empty(), Optional.empty(),
                probe.secretInTheClear(false, value -> false));
    }

    /** A check whose probe answers at once from what Greenlight already knows (a preflight finding). */
    public static Check fixed(String id, String service, String name, Probe probe) {
        return simple(id, service, name, probe, Duration.ofSeconds(1), 0, false);
    }

    /**
     * The deadline of one attempt: the timeout, or a little past the {@code [RESPONSE_TIME] <} bound when
     * that is smaller: past the bound the check has failed whatever comes, but an answer that comes soon
     * after is still awaited so the report says "slow" (SLOW_RESPONSE) rather than "dead" (READ_TIMEOUT).
     */
    /** The conditions judged on each probe (all but those over samples). */
    public List<Condition> perProbeConditions() {
        return conditions.stream().filter(c -> !c.overSamples()).toList();
    }

    public Duration attemptDeadline() {
        Duration deadline = probe.deadline(timeout);
        Optional<Duration> bound = responseTimeBound();
        if (bound.isPresent()) {
            Duration listening = bound.get().plus(SLOW_ANSWER_WINDOW.compareTo(bound.get()) > 0 ? SLOW_ANSWER_WINDOW : bound.get());
            if (listening.compareTo(deadline) < 0) {
                deadline = listening;
            }
        }
        return deadline;
    }

    /** How long past a response-time bound an answer is still awaited, as evidence (at least the bound again). */
    static final Duration SLOW_ANSWER_WINDOW = Duration.ofSeconds(3);

    /** The smallest {@code [RESPONSE_TIME] <} bound of the conditions: once it is passed, the check has failed. */
    public Optional<Duration> responseTimeBound() {
        Optional<Duration> smallest = Optional.empty();
        for (Condition c : conditions) {
            Optional<Duration> bound = c.responseTimeBound();
            if (bound.isPresent() && !bound.get().isZero()
                    && (smallest.isEmpty() || bound.get().compareTo(smallest.get()) < 0)) {
                smallest = bound;
            }
        }
        return smallest;
    }
}
