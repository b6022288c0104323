package dev.greenlight.watch;

import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.health.DeployedVersion;
import dev.greenlight.plan.CheckResult;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the plan every interval (jittered by up to 10 %, one run at a time: a run that overruns the interval delays
 * the next), records each run, updates the metrics and the page, and calls the incident hook once per incident:
 * when the verdict has been NO-GO (or ABORTED) for {@code hookAfter} runs in a row. INCONCLUSIVE neither counts
 * towards an incident nor ends one. A run the store refused is kept and written when the store takes it again.
 */
public final class Watcher {

    /** Called once per incident with the run that made it one; answers the call for the history (null: not called). */
    @FunctionalInterface
    public interface IncidentHook {
        RunStore.HookCall call(ReportInput run);
    }

    private final Supplier<RunResult> plan;
    private final Secrets secrets;
    private final RunContext context;
    private final Duration interval;
    private final Optional<RunStore> store;
    private final WatchMetrics metrics;
    private final WatchState state;
    private final IncidentHook hook;
    private final Incidents incidents;
    private final RunRecorder recorder;
    private final PrintStream log;
    private final Optional<Alerter> alerter;
    private final CountDownLatch stop = new CountDownLatch(1);
    /** The version each service said in this watcher's runs, to log a release when one says another. */
    private final java.util.Map<String, String> versions = new java.util.HashMap<>();
    /** Runs the plan with the services given no longer held to their expected_version; null: {@link #plan} as it is. */
    private Function<Set<String>, RunResult> releasing;
    /** The services whose expected_version a run confirmed: a later version of theirs is a release, not a failure. */
    private final Set<String> followed = new java.util.TreeSet<>();
    /** Checks already said to be unable to see their target. */
    private final Set<String> blindChecks = new java.util.HashSet<>();

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
        this.incidents = new Incidents(hookAfter);
        this.log = log;
        this.recorder = new RunRecorder(store, context.configSha256(), state, metrics, log);
    }

    /** Runs older than {@code keep} are deleted from the store after each run is written. */
    public void keep(Duration keep) {
        recorder.keep(keep);
    }

    /**
     * Where this watcher runs from (a region, a data centre): kept with each run, and the alerts of a fleet in several
     * places count runs per location and say where a failure is seen and where it is not.
     */
    public void location(String location) {
        this.location = location;
        recorder.location(location);
        state.location(location);
    }

    /** Asks the loop to stop after the run in progress (or at once when it is waiting). */
    public void stop() {
        stop.countDown();
    }

    /**
     * Many watchers, one store: the plan runs once per interval slot across all of them. Slots are aligned to the
     * clock (slot = epoch millis / interval), a watcher runs the plan in a slot only if it holds the slot's lease, keeps
     * the lease alive while its run goes on, and a lease not kept alive for {@code leaseTtl} is taken over by another
     * watcher (its holder died or hung). Before telling anything, a watcher counts the runs the others recorded, so the
     * alert thresholds and the incident hook see the fleet's runs, and an alert is sent by one watcher only.
     *
     * @param environment   the plan's environment
     * @param configSha256  its config's SHA-256: with the environment, what the watchers share (the slots' key) and whose
     *                      runs they count (a store shared with other plans holds their runs too)
     * @param owner         who this watcher is, in the lease table (host and process)
     */
    public record Fleet(String environment, String configSha256, String owner, Duration leaseTtl) {
        /** The key of the plan's slots in the lease table. */
        String plan() {
            return environment + ":" + configSha256;
        }
    }

    private Fleet fleet;
    private String location;
    private int runsMade;
    private OthersRuns others;
    private boolean lookedAtOthers;

    /** Shares the plan's slots with the other watchers of {@code fleet} through the store (which must be present). */
    public void fleet(Fleet fleet) {
        this.fleet = fleet;
        this.others = new OthersRuns(fleet.environment(), fleet.configSha256());
    }

    /**
     * A watcher outlives the deploy whose version it was given: once a run confirmed a service's {@code expected_version}
     * (or the store's last GO run of {@code environment} did, for a watcher started again), another version of it later is
     * the next deploy or a rollback, logged as a release and named in alerts, not a {@code WRONG_VERSION} that would page
     * someone and call the rollback hook on a healthy new release. Until it is confirmed, a previous release answering is
     * a failure, as in {@code verify}. A release since the store's last GO run is logged at the first run.
     *
     * @param plan     runs the plan with the services given no longer held to their expected_version
     * @param expected each service's expected_version
     */
    public void followReleases(Function<Set<String>, RunResult> plan, String environment, Map<String, String> expected) {
        this.releasing = plan;
        if (store.isEmpty()) {
            return;
        }
        Map<String, String> lastGo;
        try {
            lastGo = store.get().versionsOfLastGo(environment);
        } catch (StoreException e) {
            return; // confirmed again by this watcher's first runs
        }
        versions.putAll(lastGo); // a release since then is logged at this watcher's first run
        expected.forEach((service, version) -> {
            String ran = lastGo.get(service);
            if (ran != null && DeployedVersion.compare(version, List.of(new DeployedVersion.Said("store", ran)))
                    instanceof DeployedVersion.Confirmed) {
                followed.add(service);
                log.println("watch: " + service + " ran its expected_version " + secrets.redact(version) + " in the last GO run "
                        + "in the store: a later version of it is followed as a release");
            }
        });
    }

    /** Runs until {@link #stop()} or {@code maxRuns} runs (0: no limit); returns the runs made. */
    public int run(int maxRuns) throws InterruptedException {
        if (fleet != null && store.isPresent()) {
            return runInFleet(maxRuns);
        }
        int made = 0;
        while (stop.getCount() > 0 && (maxRuns <= 0 || made < maxRuns)) {
            long started = System.nanoTime();
            runOnce(null);
            made++;
            if (maxRuns > 0 && made >= maxRuns) {
                break;
            }
            long jitter = (long) (interval.toMillis() * 0.1 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
            long wait = Math.max(0, interval.toMillis() + jitter - Duration.ofNanos(System.nanoTime() - started).toMillis());
            if (stop.await(wait, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        recorder.record(null, null, id -> { }); // a last try for runs the store refused
        return made;
    }

    private int runInFleet(int maxRuns) throws InterruptedException {
        int made = 0;
        long slotMillis = interval.toMillis();
        long lastRun = -1;
        long lastSkipped = -1;
        while (stop.getCount() > 0 && (maxRuns <= 0 || made < maxRuns)) {
            long now = System.currentTimeMillis();
            long slot = now / slotMillis;
            long slotStart = slot * slotMillis;
            if (slot != lastRun && lastRun == slot - 1 && now - slotStart < fairnessDelay(slotMillis)) {
                // this watcher ran the last slot: the others get the first try at this one, so the fleet shares the load
                if (stop.await(fairnessDelay(slotMillis) - (now - slotStart), TimeUnit.MILLISECONDS)) {
                    break;
                }
                continue;
            }
            if (slot != lastRun) {
                Boolean mine = lease(slot, now);
                if (mine == null || mine) {
                    if (mine == null) {
                        log.println("watch: the store cannot say who runs slot " + slot + " (it refused); running it here");
                    }
                    runOnce(slot);
                    lastRun = slot;
                    made++;
                    continue;
                }
                if (slot != lastSkipped) {
                    lastSkipped = slot;
                    log.println("watch: slot " + slot + " is another watcher's");
                }
            }
            // next: the next slot, or this one's takeover time if another watcher holds it and may have died
            long takeover = slotStart + fleet.leaseTtl().toMillis() + 50;
            long next = slot != lastRun && takeover < slotStart + slotMillis && now < takeover ? takeover : slotStart + slotMillis;
            if (stop.await(Math.max(1, next - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        recorder.record(null, null, id -> { });
        return made;
    }

    /** How long a watcher that ran the last slot lets the others try for this one first. */
    private static long fairnessDelay(long slotMillis) {
        return Math.min(200, slotMillis / 10);
    }

    /** True: this watcher holds the slot; false: another does; null: the store could not say. */
    private Boolean lease(long slot, long now) {
        try {
            return store.get().lease(fleet.plan(), slot, fleet.owner(), now, now - fleet.leaseTtl().toMillis());
        } catch (StoreException e) {
            state.storeProblem(e.getMessage());
            return null;
        }
    }

    /** One run: made, diagnosed, recorded, shown, told; in a fleet, the lease of its slot kept alive meanwhile. */
    private void runOnce(Long slot) {
        ScheduledFuture<?> renewal = slot == null ? null : RENEWALS.scheduleAtFixedRate(() -> {
            try {
                store.get().renewLease(fleet.plan(), slot, fleet.owner(), System.currentTimeMillis());
            } catch (StoreException e) {
                // the run goes on; another watcher may take the slot over and run it too, which loses nothing
            }
        }, fleet.leaseTtl().toMillis() / 3, fleet.leaseTtl().toMillis() / 3, TimeUnit.MILLISECONDS);
        RunResult run;
        try {
            run = releasing == null ? plan.get() : releasing.apply(Set.copyOf(followed));
        } finally {
            if (renewal != null) {
                renewal.cancel(false);
            }
        }
        Diagnosis diagnosis = Diagnoser.diagnose(run);
        tellBlindChecks(run);
        diagnosis.versions().forEach((service, v) -> {
            String before = versions.put(service, v.version());
            if (before != null && !before.equals(v.version())) {
                log.println("watch: release: " + service + " " + secrets.redact(before) + " -> " + secrets.redact(v.version()));
            }
            if (releasing != null && v.confirmed() && followed.add(service)) {
                log.println("watch: " + service + " runs its expected_version " + secrets.redact(v.expected()) + ": a later "
                        + "version of it is followed as a release, not failed");
            }
        });
        ReportInput in = new ReportInput(run, diagnosis, secrets, context, Optional.empty());
        metrics.update(run, diagnosis);
        SavedReport saved = saved(in);
        long[] runId = {-1};
        recorder.record(in, saved, id -> {
            runId[0] = id; // the last one written is this run (those before it were kept while the store was away)
            if (fleet != null) {
                others.own(id);
            }
        });
        if (slot != null) {
            try {
                store.get().leaseDone(fleet.plan(), slot, fleet.owner(), System.currentTimeMillis());
            } catch (StoreException e) {
                state.storeProblem(e.getMessage());
            }
            observeTheOthers();
        }
        state.add(run, diagnosis);
        alerter.ifPresent(a -> {
            a.onRun(saved, run.startedAt(), location);
            state.alerts(a.firing(), a.pending());
            metrics.alertsPending(a.pending());
        });
        if (incidents.onRun(run.verdict()) && hook != null) {
            recordHookCall(runId[0] < 0 ? null : runId[0], hook.call(in));
        }
        runsMade++;
        log.println("watch: run " + runsMade + (slot == null ? "" : " (slot " + slot + ")")
                + (location == null ? "" : " from " + location) + " " + run.verdict().label()
                + summary(diagnosis) + " in " + Duration.ofNanos(run.duration().toNanos()).toMillis() + " ms"
                + (recorder.lastWriteMillis() < 0 ? "" : ", recorded in " + recorder.lastWriteMillis() + " ms"));
    }

    /**
     * Says once per check, when it first fails only because it cannot see its target (a pooler answered for the
     * database): such runs are INCONCLUSIVE, which neither alerts nor rolls back, so without this line a watch could
     * go on for weeks unable to see a database and say nothing.
     */
    private void tellBlindChecks(RunResult run) {
        for (CheckResult check : run.checks()) {
            if (!check.passed() && check.signature().isUnobservable() && blindChecks.add(check.check().id())) {
                log.println("watch: " + check.check().id() + " cannot see its target (" + check.signature() + "): "
                        + secrets.redact(check.detail()) + "; while it cannot, a run it alone fails is INCONCLUSIVE, "
                        + "which alerts no one and calls no hook");
            }
        }
    }

    private void recordHookCall(Long runId, RunStore.HookCall call) {
        if (call == null) {
            return;
        }
        state.hookCalled(java.time.Instant.now() + " " + call.name() + ": " + call.outcome() + " after " + call.durationMs() + " ms");
        if (store.isEmpty()) {
            return;
        }
        try {
            store.get().recordHookCall(runId, java.time.Instant.now(), call);
        } catch (StoreException e) {
            log.println("watch: the hook call (" + call.name() + ", " + call.outcome() + ") was not recorded: " + e.getMessage());
        }
    }

    /** The runs the other watchers recorded since the last look: counted by the alert policy and the incident hook, told by no one here. */
    private void observeTheOthers() {
        boolean catchingUp = !lookedAtOthers; // the first look reads the history made before this watcher joined
        try {
            others.unseen(store.get(), r -> {
                alerter.ifPresent(a -> a.observe(r, catchingUp));
                incidents.observe(Verdict.fromLabel(r.verdict()));
            });
            lookedAtOthers = true;
        } catch (StoreException e) {
            // what was read is counted; the rest at the next look
        }
    }

    private static final ScheduledExecutorService RENEWALS =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "greenlight-lease");
                t.setDaemon(true);
                return t;
            });

    /** The run as its JSON report reads (redacted): what the store keeps and the alerts are made of. */
    private static SavedReport saved(ReportInput in) {
        try {
            return SavedReport.from(JsonReport.tree(in), "watch run");
        } catch (ReportFileException e) {
            throw new IllegalStateException("a report Greenlight wrote could not be read back: " + e.getMessage(), e);
        }
    }

    private static String summary(Diagnosis diagnosis) {
        return diagnosis.rootCauses().isEmpty() ? "" : " (" + String.join(", ", diagnosis.rootCauses().stream()
                .map(r -> r.service() + " " + r.signature()).toList()) + ")";
    }
}
