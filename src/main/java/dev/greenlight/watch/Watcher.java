package dev.greenlight.watch;

import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportFileException;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import dev.greenlight.report.SavedReport;
import dev.greenlight.alert.Alerter;
import dev.greenlight.config.Secrets;
import dev.greenlight.store.RunStore;
import dev.greenlight.store.StoreException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the plan every interval (jittered by up to 10 %, one run at a time: a run that overruns the interval delays
 * the next), records each run, updates the metrics and the page, and calls the incident hook once per incident:
 * when the verdict has been NO-GO (or ABORTED) for {@code hookAfter} runs in a row. INCONCLUSIVE neither counts
 * towards an incident nor ends one. A run the store refused is kept and written when the store takes it again.
 */
public final class Watcher {

    /** Called once per incident with the run that made it one. */
    @FunctionalInterface
    public interface IncidentHook {
        void call(ReportInput run);
    }

    private final Supplier<RunResult> plan;
    private final Secrets secrets;
    private final RunContext context;
    private final Duration interval;
    private final Optional<RunStore> store;
    private final WatchMetrics metrics;
    private final WatchState state;
    private final IncidentHook hook;
    private final int hookAfter;
    private final PrintStream log;
    private final Optional<Alerter> alerter;
    private final CountDownLatch stop = new CountDownLatch(1);
    private record Recorded(ReportInput in, SavedReport saved) {
    }

    private final List<Recorded> unrecorded = new ArrayList<>();
    private int failingInARow;
    private boolean hookCalled;

    public Watcher(Supplier<RunResult> plan, Secrets secrets, RunContext context, Duration interval, Optional<RunStore> store,
                   WatchMetrics metrics, WatchState state, IncidentHook hook, int hookAfter, PrintStream log) {
        this(plan, secrets, context, interval, store, metrics, state, hook, hookAfter, log, Optional.empty());
    }

    /** @param alerter told of every run; decides the alerts and sends them */
    public Watcher(Supplier<RunResult> plan, Secrets secrets, RunContext context, Duration interval, Optional<RunStore> store,
                   WatchMetrics metrics, WatchState state, IncidentHook hook, int hookAfter, PrintStream log,
                   Optional<Alerter> alerter) {
        this.alerter = alerter;
        this.plan = plan;
        this.secrets = secrets;
        this.context = context;
        this.interval = interval;
        this.store = store;
        this.metrics = metrics;
        this.state = state;
        this.hook = hook;
        this.hookAfter = hookAfter;
        this.log = log;
    }

    private Duration keep;

    /** Runs older than {@code keep} are deleted from the store after each run is written. */
    public void keep(Duration keep) {
        this.keep = keep;
    }

    /** Asks the loop to stop after the run in progress (or at once when it is waiting). */
    public void stop() {
        stop.countDown();
    }

    /** Runs until {@link #stop()} or {@code maxRuns} runs (0: no limit); returns the runs made. */
    public int run(int maxRuns) throws InterruptedException {
        int made = 0;
        while (stop.getCount() > 0 && (maxRuns <= 0 || made < maxRuns)) {
            long started = System.nanoTime();
            RunResult run = plan.get();
            made++;
            Diagnosis diagnosis = Diagnoser.diagnose(run);
            ReportInput in = new ReportInput(run, diagnosis, secrets, context, Optional.empty());
            metrics.update(run, diagnosis);
            SavedReport saved = saved(in);
            record(in, saved);
            state.add(run, diagnosis);
            alerter.ifPresent(a -> {
                a.onRun(saved, run.startedAt());
                state.alerts(a.firing(), a.pending());
                metrics.alertsPending(a.pending());
            });
            incident(in);
            log.println("watch: run " + made + " " + run.verdict().label() + summary(diagnosis) + " in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            if (maxRuns > 0 && made >= maxRuns) {
                break;
            }
            long jitter = (long) (interval.toMillis() * 0.1 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
            long wait = Math.max(0, interval.toMillis() + jitter - Duration.ofNanos(System.nanoTime() - started).toMillis());
            if (stop.await(wait, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        record(null, null); // a last try for runs the store refused
        return made;
    }

    /** The run as its JSON report reads (redacted): what the store keeps and the alerts are made of. */
    private static SavedReport saved(ReportInput in) {
        try {
            return SavedReport.from(JsonReport.tree(in), "watch run");
        } catch (ReportFileException e) {
            throw new IllegalStateException("a report Greenlight wrote could not be read back: " + e.getMessage(), e);
        }
    }

    private void record(ReportInput in, SavedReport saved) {
        if (in != null) {
            unrecorded.add(new Recorded(in, saved));
        }
        if (store.isEmpty() || unrecorded.isEmpty()) {
            return;
        }
        try {
            while (!unrecorded.isEmpty()) {
                Recorded next = unrecorded.get(0);
                store.get().record(next.saved(), next.in().run().duration().toMillis(),
                        next.in().run().decidedAfter().toMillis(), next.in().run().exitCode(), context.configSha256());
                unrecorded.remove(0);
            }
            if (state.storeProblem() != null) {
                log.println("watch: the store is back; every buffered run is written");
            }
            if (keep != null) {
                int pruned = store.get().prune(java.time.Instant.now().minus(keep));
                if (pruned > 0) {
                    log.println("watch: " + pruned + " run(s) older than " + dev.greenlight.config.Durations.format(keep) + " deleted (--keep)");
                }
            }
            state.storeProblem(null);
        } catch (StoreException e) {
            if (state.storeProblem() == null) {
                log.println("watch: the store refused the run (" + unrecorded.size() + " buffered): " + e.getMessage());
            }
            state.storeProblem(e.getMessage());
        }
    }

    private void incident(ReportInput in) {
        Verdict verdict = in.run().verdict();
        if (verdict == Verdict.INCONCLUSIVE) {
            return; // nothing observed: neither more evidence of the incident nor of its end
        }
        if (verdict != Verdict.NO_GO && verdict != Verdict.ABORTED) {
            failingInARow = 0;
            hookCalled = false; // the incident is over
            return;
        }
        failingInARow++;
        if (failingInARow >= hookAfter && !hookCalled && hook != null) {
            hookCalled = true;
            hook.call(in);
        }
    }

    private static String summary(Diagnosis diagnosis) {
        return diagnosis.rootCauses().isEmpty() ? "" : " (" + String.join(", ", diagnosis.rootCauses().stream()
                .map(r -> r.service() + " " + r.signature()).toList()) + ")";
    }
}
