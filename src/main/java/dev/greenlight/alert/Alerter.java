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
    private final PrintStream log;
    private final int destinations;

    /** @param transport how webhooks leave this machine: the environment's proxies, as the probes use them */
    public Alerter(AlertsConfig config, Optional<RunStore> store, Clock clock, Outbox.Listener listener, PrintStream log,
                   Secrets secrets, dev.greenlight.probe.wire.HttpTransport transport) {
        this.policy = new AlertPolicy(config);
        this.log = log;
        this.destinations = config.send().size();
        this.outbox = new Outbox(config.send().stream().map(t -> Channel.of(t, transport)).toList(), store, clock, listener, log, secrets);
        store.ifPresent(s -> resume(s, log));
    }

    private void resume(RunStore store, PrintStream log) {
        List<AlertEvent> open = new java.util.ArrayList<>();
        try {
            for (String json : store.openAlerts()) {
                open.add(AlertPayload.event(json));
            }
        } catch (dev.greenlight.store.StoreException | com.fasterxml.jackson.core.JsonProcessingException e) {
            log.println("watch: cannot read the alerts an earlier watch left open (" + e.getMessage() + "); they may be sent again");
            return;
        }
        policy.resume(open);
        if (!open.isEmpty()) {
            log.println("watch: " + open.size() + " alert(s) still firing from an earlier watch: "
                    + String.join(", ", open.stream().map(Outbox::label).toList()));
        }
    }

    /** The events of this run, queued for every destination. */
    public List<AlertEvent> onRun(SavedReport run, Instant at) {
        return onRun(run, at, null);
    }

    /** The events of this run made from {@code location} (null: none said), queued for every destination. */
    public List<AlertEvent> onRun(SavedReport run, Instant at, String location) {
        List<AlertEvent> events = policy.onRun(run, at, location);
        for (AlertEvent e : events) {
            log.println("watch: alert " + Outbox.label(e) + " to " + destinations + " destination" + (destinations == 1 ? "" : "s")
                    + (e.cascades().isEmpty() ? "" : "; " + e.cascades().size() + " failing because of it folded in"));
            outbox.add(e);
        }
        return events;
    }

    /**
     * A run another watcher of the fleet recorded (and told about): counted by the policy so that thresholds see the
     * fleet's runs, nothing sent from here.
     */
    public void observe(RunStore.SeenRun run) {
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
        policy.onRun(new SavedReport("fleet", run.verdict(), run.environment(), run.startedAt().toString(), "", java.util.Map.of(),
                causes), run.startedAt(), run.location());
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
