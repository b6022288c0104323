package dev.greenlight.watch;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.RunResult;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The last runs a watcher made, for its status page: kept in memory, a bounded window. */
public final class WatchState {

    /** One run as the page shows it: when, the verdict, each service up or not, the root causes. */
    /** One run as the page shows it; {@code versions}: what each service said it runs (service -> version). */
    public record Snapshot(Instant at, String verdict, Map<String, Boolean> services, List<Diagnosis.RootCause> rootCauses,
                           String storeProblem, Map<String, String> versions) {
    }

    private final int window;
    private final Deque<Snapshot> runs = new ArrayDeque<>();
    private volatile String storeProblem;
    private volatile List<dev.greenlight.alert.AlertEvent> firing = List.of();
    private volatile int pendingDeliveries;

    public WatchState(int window) {
        this.window = window;
    }

    public synchronized void add(RunResult run, Diagnosis diagnosis) {
        Map<String, Boolean> services = new LinkedHashMap<>();
        for (CheckResult c : run.checks()) {
            services.merge(c.check().service(), c.passed(), Boolean::logicalAnd);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        diagnosis.versions().forEach((service, v) -> versions.put(service, v.version()));
        runs.addLast(new Snapshot(run.startedAt(), run.verdict().label(), services, diagnosis.rootCauses(), storeProblem, versions));
        while (runs.size() > window) {
            runs.removeFirst();
        }
    }

    /** Said on the page while the store cannot be written (runs are kept in memory meanwhile). */
    private volatile String location;
    private volatile String lastHookCall;

    /** Where this watcher runs from ({@code --location}); null when not said. */
    public void location(String location) {
        this.location = location;
    }

    public String location() {
        return location;
    }

    /** The last rollback hook call, as one line ("2026-11-24T10:00:00Z on_no_go: ./rollback.sh: exited 0 after 120 ms"). */
    public void hookCalled(String line) {
        this.lastHookCall = line;
    }

    public String lastHookCall() {
        return lastHookCall;
    }

    public void storeProblem(String problem) {
        this.storeProblem = problem;
    }

    /** The alerts that fired and are not resolved yet, and the deliveries still being tried. */
    public void alerts(List<dev.greenlight.alert.AlertEvent> firing, int pendingDeliveries) {
        this.firing = List.copyOf(firing);
        this.pendingDeliveries = pendingDeliveries;
    }

    public List<dev.greenlight.alert.AlertEvent> firing() {
        return firing;
    }

    public int pendingDeliveries() {
        return pendingDeliveries;
    }

    public String storeProblem() {
        return storeProblem;
    }

    public synchronized List<Snapshot> runs() {
        return new ArrayList<>(runs);
    }
}
