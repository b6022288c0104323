package dev.greenlight.watch;

import dev.greenlight.config.Durations;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.SavedReport;
import dev.greenlight.store.RunStore;
import dev.greenlight.store.StoreException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Writes a watcher's runs to the store. A run the store refuses is kept, in order, and written with the next one the
 * store takes; meanwhile the status page says the store is unavailable. Runs older than {@code keep} are deleted after
 * each write.
 */
final class RunRecorder {

    private record Pending(ReportInput in, SavedReport saved) {
    }

    private final Optional<RunStore> store;
    private final String configSha256;
    private final WatchState state;
    private final WatchMetrics metrics;
    private final PrintStream log;
    private final List<Pending> pending = new ArrayList<>();
    private Duration keep;
    private String location;
    private long lastWriteMillis = -1;

    RunRecorder(Optional<RunStore> store, String configSha256, WatchState state, WatchMetrics metrics, PrintStream log) {
        this.store = store;
        this.configSha256 = configSha256;
        this.state = state;
        this.metrics = metrics;
        this.log = log;
    }

    void keep(Duration keep) {
        this.keep = keep;
    }

    void location(String location) {
        this.location = location;
    }

    /** How long the store took to write the last run; -1 when it was not written (no store, or it refused). */
    long lastWriteMillis() {
        return lastWriteMillis;
    }

    /** Records {@code in} (null: only a try for what is kept); {@code written} hears the id of each run written. */
    void record(ReportInput in, SavedReport saved, LongConsumer written) {
        if (in != null) {
            pending.add(new Pending(in, saved));
        }
        if (store.isEmpty() || pending.isEmpty()) {
            return;
        }
        try {
            while (!pending.isEmpty()) {
                Pending next = pending.get(0);
                long start = System.nanoTime();
                long id = store.get().record(next.saved(), next.in().run().duration().toMillis(),
                        next.in().run().decidedAfter().toMillis(), next.in().run().exitCode(), configSha256, location);
                lastWriteMillis = (System.nanoTime() - start) / 1_000_000;
                metrics.storeWrite(System.nanoTime() - start);
                written.accept(id);
                pending.remove(0);
            }
            if (state.storeProblem() != null) {
                log.println("watch: the store is back; every buffered run is written");
            }
            prune();
            state.storeProblem(null);
        } catch (StoreException e) {
            lastWriteMillis = -1;
            if (state.storeProblem() == null) {
                log.println("watch: the store refused the run (" + pending.size() + " buffered): " + e.getMessage());
            }
            state.storeProblem(e.getMessage());
        }
    }

    private void prune() throws StoreException {
        if (keep == null) {
            return;
        }
        int pruned = store.get().prune(Instant.now().minus(keep));
        if (pruned > 0) {
            log.println("watch: " + pruned + " run(s) older than " + Durations.format(keep) + " deleted (--keep)");
        }
    }
}
