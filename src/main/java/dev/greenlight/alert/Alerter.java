package dev.greenlight.alert;

import dev.greenlight.config.AlertsConfig;
import dev.greenlight.config.Secrets;
import dev.greenlight.report.SavedReport;
import dev.greenlight.store.RunStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a watcher asks after each run: the policy decides what to tell, the outbox gets it there. */
public final class Alerter implements AutoCloseable {

    private final AlertPolicy policy;
    private final Outbox outbox;
    private final Optional<RunStore> store;
    /**
     * What the policy decided on other watchers' runs (a FIRING or a RESOLVED, by fingerprint), which their watchers
     * tell: checked against the store at this watcher's next run but one, and told from here if they did not.
     */
    private final java.util.Map<String, AlertEvent> decidedOnOthersRuns = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, AlertEvent> toCheck = new java.util.LinkedHashMap<>();
    private final PrintStream log;
    private final int destinations;
    /** Whether the alerts an earlier watch left open were taken up (at the first run, whose environment is known). */
    private boolean resumed;

    /** @param transport how webhooks leave this machine: the environment's proxies, as the probes use them */
    public Alerter(AlertsConfig config, Optional<RunStore> store, Clock clock, Outbox.Listener listener, PrintStream log,
                   Secrets secrets, dev.greenlight.probe.wire.HttpTransport transport) {
        this.policy = new AlertPolicy(config);
        this.store = store;
        this.log = log;
        this.destinations = config.send().size();
        this.outbox = new Outbox(config.send().stream().map(t -> Channel.of(t, transport)).toList(), store, clock, listener, log, secrets);
    }

    /**
     * Takes up the alerts an earlier watch of this environment left open, once, before the first run is counted: a store
     * shared with other environments holds theirs too, which are not this watch's to resolve or to show as firing. Also
     * the versions of the environment's last GO run, so the first alert after a restart still names a release.
     */
    private void resumeOnce(String environment) {
        if (resumed) {
            return;
        }
        resumed = true;
        store.ifPresent(s -> resume(s, environment));
    }

    private void resume(RunStore store, String environment) {
        try {
            policy.rememberGo(environment, store.versionsOfLastGo(environment));
        } catch (dev.greenlight.store.StoreException e) {
            log.println("watch: cannot read the versions of the last GO run (" + e.getMessage() + "); alerts name a release "
                    + "from this watch's first GO run on");
        }
        List<AlertEvent> open = new java.util.ArrayList<>();
        try {
            for (String json : store.openAlerts()) {
                open.add(AlertPayload.event(json));
            }
        } catch (dev.greenlight.store.StoreException | com.fasterxml.jackson.core.JsonProcessingException e) {
            log.println("watch: cannot read the alerts an earlier watch left open (" + e.getMessage() + "); they may be sent again");
            return;
        }
        List<AlertEvent> taken = policy.resume(open, environment);
        if (!taken.isEmpty()) {
            log.println("watch: " + taken.size() + " alert(s) still firing from an earlier watch: "
                    + String.join(", ", taken.stream().map(Outbox::label).toList()));
        }
    }

    /** The events of this run, queued for every destination. */
    public List<AlertEvent> onRun(SavedReport run, Instant at) {
        return onRun(run, at, null);
    }

    /** The events of this run made from {@code location} (null: none said), queued for every destination. */
    public synchronized List<AlertEvent> onRun(SavedReport run, Instant at, String location) {
        resumeOnce(run.environment());
        List<AlertEvent> events = new java.util.ArrayList<>(policy.onRun(run, at, location));
        for (AlertEvent e : events) {
            decidedOnOthersRuns.remove(e.fingerprint());
            toCheck.remove(e.fingerprint());
        }
        events.addAll(untoldByOthers());
        for (AlertEvent e : events) {
            log.println("watch: alert " + Outbox.label(e) + " to " + destinations + " destination" + (destinations == 1 ? "" : "s")
                    + (e.cascades().isEmpty() ? "" : "; " + e.cascades().size() + " failing because of it folded in"));
            outbox.add(e);
        }
        return events;
    }

    /**
     * The FIRING and RESOLVED decided on other watchers' runs that the store still does not show told (the watcher that
     * made the run stopped between recording it and telling it, or counted it differently), now that their watchers
     * have had a whole run of this one's to tell them. A store that cannot be read leaves them for the next run.
     */
    private List<AlertEvent> untoldByOthers() {
        List<AlertEvent> untold = new java.util.ArrayList<>();
        java.util.Set<String> open = toCheck.isEmpty() ? java.util.Set.of() : openInStore();
        if (open != null) {
            java.util.Set<String> firing = new java.util.HashSet<>();
            policy.firing().forEach(e -> firing.add(e.fingerprint()));
            for (AlertEvent e : toCheck.values()) {
                if (untold(e, open, firing)) {
                    log.println("watch: " + Outbox.label(e) + " was decided on another watcher's run and is not in the store: "
                            + "told from here");
                    untold.add(e);
                }
            }
            toCheck.clear();
        }
        toCheck.putAll(decidedOnOthersRuns);
        decidedOnOthersRuns.clear();
        return untold;
    }

    /** The fingerprints of the alerts the store shows open; null when it cannot say (refused, or no store). */
    private java.util.Set<String> openInStore() {
        if (store.isEmpty()) {
            return null;
        }
        java.util.Set<String> open = new java.util.HashSet<>();
        try {
            for (String json : store.get().openAlerts()) {
                open.add(AlertPayload.event(json).fingerprint());
            }
            return open;
        } catch (dev.greenlight.store.StoreException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** Whether {@code e} still stands here (a FIRING still firing, a RESOLVED not firing again) and the store shows it untold. */
    private static boolean untold(AlertEvent e, java.util.Set<String> open, java.util.Set<String> firing) {
        boolean firingHere = firing.contains(e.fingerprint());
        boolean openInStore = open.contains(e.fingerprint());
        return e.kind() == AlertEvent.Kind.FIRING ? firingHere && !openInStore : !firingHere && openInStore;
    }

    /**
     * A run another watcher of the fleet recorded (and told about): counted by the policy so that thresholds see the
     * fleet's runs, nothing sent from here; what the policy decides on it is checked later ({@link #untoldByOthers}).
     */
    public void observe(RunStore.SeenRun run) {
        observe(run, false);
    }

    /**
     * As {@link #observe(RunStore.SeenRun)}; {@code catchingUp}: the run is history read when this watcher joined, told
     * or not as the store's alerts say (open ones were resumed), so nothing decided on it is checked or told from here.
     */
    public synchronized void observe(RunStore.SeenRun run, boolean catchingUp) {
        resumeOnce(run.environment());
        List<dev.greenlight.diagnose.Diagnosis.RootCause> causes = new java.util.ArrayList<>();
        for (String[] c : run.rootCauses()) {
            dev.greenlight.diagnose.Classification classification;
            try {
                classification = dev.greenlight.diagnose.Classification.valueOf(c[2].toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                continue;
            }
            causes.add(new dev.greenlight.diagnose.Diagnosis.RootCause(c[0], null, c[1], classification, List.of(), List.of(), null,
                    List.of()));
        }
        for (AlertEvent e : policy.onRun(new SavedReport("fleet", run.verdict(), run.environment(), run.startedAt().toString(), "",
                java.util.Map.of(), causes), run.startedAt(), run.location())) {
            if (e.kind() != AlertEvent.Kind.REMINDER && !catchingUp) {
                decidedOnOthersRuns.put(e.fingerprint(), e);
            }
        }
    }

    /** See {@link AlertPolicy#forgetSilentLocationsAfter(Duration)}. */
    public void forgetSilentLocationsAfter(Duration after) {
        policy.forgetSilentLocationsAfter(after);
    }

    public List<AlertEvent> firing() {
        return policy.firing();
    }

    public int pending() {
        return outbox.pending();
    }

    public String describe(Duration interval) {
        return policy.describe(interval);
    }

    @Override
    public void close() {
        outbox.close(Duration.ofSeconds(5));
    }
}
