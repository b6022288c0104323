package dev.greenlight.plan;

import dev.greenlight.probe.FailureSignature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a plan: the canary first (if any), then the phases in order on one pool bounded by the plan's
 * concurrency. A missed bar with abort_on_miss stops the run; later phases are SKIPPED.
 */
public final class PlanRunner {

    private final RunClock clock;
    private final ProgressListener progress;
    private final ProbeThreads threads;

    /** Each run starts the probe threads its checks need, and stops them at its end. */
    public PlanRunner(RunClock clock, ProgressListener progress) {
        this(clock, progress, null);
    }

    /** Runs on {@code threads} (readied ahead, kept after the run; null: threads of the run's own). */
    public PlanRunner(RunClock clock, ProgressListener progress, ProbeThreads threads) {
        this.clock = clock;
        this.progress = progress;
        this.threads = threads;
    }

    public RunResult run(Plan plan) {
        Instant startedAt = clock.now();
        long start = clock.nanos();
        long settleUntil = plan.settle().isZero() ? 0 : start + plan.settle().toNanos();
        ProbeThreads own = threads == null ? ProbeThreads.ready(threadsNeeded(plan)) : null;
        ProbeThreads probeThreads = own != null ? own : threads;
        if (threads != null) {
            threads.ensureFree(threadsNeeded(plan));
        }
        Slots pool = probeThreads.executor(plan.concurrency());
        try {
            Optional<CheckResult> canary = plan.canary().map(c -> runCanary(c, pool, probeThreads, start, plan));
            List<PhaseResult> results = new ArrayList<>();
            PhaseRunner phases = new PhaseRunner(pool, probeThreads, clock, start, plan, progress);
            String skipReason = canary.isPresent() && !canary.get().passed()
                    ? "not run: the canary failed, so nothing here can be observed" : null;
            for (Phase phase : plan.phases()) {
                if (skipReason != null) {
                    results.add(PhaseResult.skipped(phase, skipReason));
                    continue;
                }
                // once a bar is missed the verdict is certain: later phases get one pass, for the diagnosis' evidence
                boolean certain = results.stream().anyMatch(PhaseResult::missed);
                PhaseResult result = phases.run(phase, certain ? 0 : settleUntil);
                results.add(result);
                if (result.status() == PhaseStatus.ABORTED) {
                    skipReason = "not run: phase '" + phase.name() + "' missed its bar and aborts the run";
                }
            }
            Duration duration = Duration.ofNanos(clock.nanos() - start);
            VerdictRule.Decision decision = VerdictRule.decide(results, canary);
            int exitCode = decision.verdict() == Verdict.DEGRADED && plan.acceptDegraded() ? 0 : decision.verdict().exitCode();
            return new RunResult(plan.environment(), decision.verdict(), exitCode, decision.reasons(), startedAt,
                    decidedAfter(results, canary, duration), duration, results, canary, plan.services());
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** Checks that begin on the I/O loop finish on a thread; a few suffice, more are started if they go on to block. */
    public static final int LOOP_FINISHERS = 4;

    /**
     * The threads a plan's checks need at once: one per check that runs on a thread (the canary's included), a few for
     * the checks that begin on the I/O loop, never more than the concurrency.
     */
    static int threadsNeeded(Plan plan) {
        List<Check> checks = new ArrayList<>(plan.canary().stream().toList());
        plan.phases().forEach(phase -> checks.addAll(phase.checks()));
        int onLoop = (int) checks.stream().filter(CheckRunner::beginsOnLoop).count();
        int wanted = checks.size() - onLoop + Math.min(onLoop, LOOP_FINISHERS);
        return Math.max(1, Math.min(plan.concurrency(), wanted));
    }

    /** When the verdict became certain: the first missed bar, or the canary's failure, else the end of the run. */
    private static Duration decidedAfter(List<PhaseResult> results, Optional<CheckResult> canary, Duration duration) {
        if (canary.isPresent() && !canary.get().passed()) {
            return canary.get().duration();
        }
        return results.stream().filter(PhaseResult::missed).map(PhaseResult::decidedAfter).findFirst().orElse(duration);
    }

    private CheckResult runCanary(Check canary, Slots pool, ProbeThreads probeThreads, long start, Plan plan) {
        List<Attempt> timeline = new ArrayList<>();
        ConcurrentRound round = new ConcurrentRound(pool, probeThreads, plan.concurrency(), clock, start, plan.evidenceWindow(), plan.tokens(), progress);
        Round r = round.run(List.of(canary), Map.of(canary, timeline), ConcurrentRound.Decider.NEVER, (c, x) -> { }).rounds().get(canary);
        if (!r.passed() && r.observation() != null && r.observation().status() != null) {
            // any HTTP answer shows the network is there, whoever gave it: a sign-in page, a cache, a server's own page
            r = new Round(CheckStatus.PASS, FailureSignature.NONE, "HTTP " + r.observation().status() + " (" + r.detail() + ")",
                    r.conditions(), r.observation(), r.retriesUsed(), false);
        }
        return new CheckResult(canary, r.status(), r.signature(), r.detail(), r.conditions(), timeline, r.observation(),
                r.retriesUsed(), Optional.empty(), false, null, r.health());
    }
}
