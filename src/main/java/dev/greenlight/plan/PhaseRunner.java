package dev.greenlight.plan;

import dev.greenlight.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one phase: its checks concurrently, waiting no longer once the phase's bar can no longer be met
 * (fail fast). With a settle budget, each failing check is probed again, with backoff, until it passes,
 * is stuck or the budget ends; each keeps the timeline of every attempt.
 */
final class PhaseRunner {

    private final RunClock clock;
    private final long runStart;
    private final ConcurrentRound round;
    private final ProgressListener progress;

    PhaseRunner(Slots pool, ProbeThreads threads, RunClock clock, long runStart, Plan plan, ProgressListener progress) {
        this.clock = clock;
        this.runStart = runStart;
        this.round = new ConcurrentRound(pool, threads, plan.concurrency(), clock, runStart, plan.evidenceWindow(), plan.tokens(), progress);
        this.progress = progress;
    }

    /** @param settleUntil monotonic nanos until which failing checks may be probed again (0 for no settle) */
    PhaseResult run(Phase phase, long settleUntil) {
        progress.phaseStarted(phase);
        Map<Check, List<Attempt>> timelines = new LinkedHashMap<>();
        phase.checks().forEach(c -> timelines.put(c, new CopyOnWriteArrayList<>()));
        AtomicInteger done = new AtomicInteger();
        boolean settling = settleUntil > clock.nanos();
        Map<Check, Finished> finished = new java.util.concurrent.ConcurrentHashMap<>();
        ConcurrentRound.Listener listener = new ConcurrentRound.Listener() {
            @Override
            public void finished(Check check, Round r) {
                CheckResult result = toResult(check, r, timelines.get(check));
                finished.put(check, new Finished(r, result));
                progress.checkFinished(phase, result, done.incrementAndGet(), phase.checks().size());
            }

            @Override
            public void stillWaiting(List<Check> running, long until) {
                progress.stillWaiting(phase, running.stream().map(c -> standing(c, timelines.get(c))).toList(),
                        until > 0 ? Duration.ofNanos(Math.max(0, until - clock.nanos())) : null);
            }
        };
        // a check's failure is final under settle too (it settles on its own until passed, stuck or out of budget)
        ConcurrentRound.Outcome outcome = round.run(phase.checks(), timelines, new BarWatch(phase), listener,
                settling ? settleUntil : 0);
        Map<Check, Round> latest = outcome.rounds();
        Long decidedAt = outcome.decidedAtNanos();
        List<CheckResult> results = new ArrayList<>();
        for (Check check : phase.checks()) {
            Finished made = finished.get(check);
            Round last = latest.get(check);
            results.add(made != null && made.round() == last ? made.result() : toResult(check, last, timelines.get(check)));
        }
        PhaseResult result = judge(phase, results, Duration.ofNanos((decidedAt == null ? clock.nanos() : decidedAt) - runStart));
        progress.phaseFinished(result);
        return result;
    }

    /** Counts outcomes as they come; certain once a critical check failed or too many failed to meet the bar. */
    static final class BarWatch implements ConcurrentRound.Decider {
        private final int allowedMisses;
        private int misses;
        private boolean criticalMissed;

        BarWatch(Phase phase) {
            this.allowedMisses = phase.checks().size() - phase.required();
        }

        /** A check that could not see its target (a pooler answering for a database) is no miss that decides the bar. */
        @Override
        public boolean certainAfter(Check check, Round round) {
            if (!round.passed() && !round.signature().isUnobservable()) {
                misses++;
                criticalMissed |= check.critical();
            }
            return criticalMissed || misses > allowedMisses;
        }
    }

    private static CheckProgress standing(Check check, List<Attempt> timeline) {
        if (timeline.isEmpty()) {
            return new CheckProgress(check.id(), 0, null, "first attempt running");
        }
        Attempt last = timeline.get(timeline.size() - 1);
        return new CheckProgress(check.id(), timeline.size(), last.signature(), last.detail());
    }

    /** A check's result as it was made when its round ended (made once: a check's timeline is final by then). */
    private record Finished(Round round, CheckResult result) {
    }

    private CheckResult toResult(Check check, Round r, List<Attempt> timeline) {
        Optional<Duration> firstSuccess = timeline.stream().filter(Attempt::passed).map(Attempt::at).findFirst();
        CheckResult result = new CheckResult(check, r.status(), r.signature(), r.detail(), r.conditions(),
                List.copyOf(timeline), r.observation(), r.retriesUsed(), firstSuccess, r.degraded(), r.samples(), r.health());
        if (result.status() == CheckStatus.FAIL && result.failedAfterPassing()) {
            String asked = check.stableFor().map(d -> "stable_for " + Durations.format(d))
                    .orElse("confirm " + check.confirm().orElse(Check.DEFAULT_CONFIRM_WHEN_SETTLING));
            return new CheckResult(check, r.status(), r.signature(), "passed at " + Durations.format(firstSuccess.get())
                    + " but did not stay ready (" + asked + "): " + r.detail(), r.conditions(), List.copyOf(timeline),
                    r.observation(), r.retriesUsed(), firstSuccess, r.degraded(), r.samples(), r.health());
        }
        return result;
    }

    static PhaseResult judge(Phase phase, List<CheckResult> results, Duration decidedAfter) {
        int passed = (int) results.stream().filter(CheckResult::passed).count();
        Optional<CheckResult> criticalFailure = results.stream().filter(r -> r.check().critical() && !r.passed()).findFirst();
        int required = phase.required();
        String tally = passed + "/" + results.size() + " passed (" + percent((double) passed / results.size())
                + "), " + (required == 0 ? "bar 0%: not gating" : "needs " + percent(phase.minPassRate()));
        // checks that could not see their targets (a pooler answering for a database) are not known to have failed: a
        // phase missed only for them is FAILED, never ABORTED, so the later phases still run
        long unseen = results.stream().filter(r -> !r.passed() && r.signature().isUnobservable()).count();
        boolean seenToMiss = passed + unseen < required || results.stream()
                .anyMatch(r -> r.check().critical() && !r.passed() && !r.signature().isUnobservable());
        PhaseStatus missed = seenToMiss ? missed(phase) : PhaseStatus.FAILED;
        String unseenNote = unseen == 0 ? "" : "; " + unseen + " could not see " + (unseen == 1 ? "its target" : "their targets");
        if (criticalFailure.isPresent()) {
            CheckResult c = criticalFailure.get();
            return new PhaseResult(phase.name(), missed, passed, required, results, decidedAfter,
                    "critical check " + c.check().id() + " " + c.status() + " (" + c.signature() + "); " + tally + unseenNote);
        }
        if (passed < required) {
            return new PhaseResult(phase.name(), missed, passed, required, results, decidedAfter, tally + unseenNote);
        }
        if (required == 0 && passed < results.size()) {
            return new PhaseResult(phase.name(), PhaseStatus.NOT_GATING, passed, required, results, decidedAfter,
                    tally);
        }
        return new PhaseResult(phase.name(), PhaseStatus.PASSED, passed, required, results, decidedAfter, tally);
    }

    private static PhaseStatus missed(Phase phase) {
        return phase.abortOnMiss() ? PhaseStatus.ABORTED : PhaseStatus.FAILED;
    }

    static String percent(double rate) {
        double p = rate * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(java.util.Locale.ROOT, "%.1f", p)) + "%";
    }
}
