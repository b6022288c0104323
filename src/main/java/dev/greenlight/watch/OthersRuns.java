package dev.greenlight.watch;

import dev.greenlight.store.RunStore;
import dev.greenlight.store.StoreException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The runs the other watchers of a fleet recorded (of its plan only), each handed out once. Run ids are given in the
 * order runs begin to be written, but a run commits when its write ends: a run with a smaller id can become visible
 * after one with a larger id (two watchers writing at once; a watcher flushing the runs it kept while the store was
 * away). Reading only past the largest id seen would miss it for good, and with it a failure in a row; so the last
 * {@link #REREAD} ids are read again each time, and what was handed out (or is this watcher's own) is skipped.
 */
public final class OthersRuns {

    /** How far below the largest id seen the store is read again. */
    static final int REREAD = 64;
    /** How many ids are remembered as handed out; far more than a re-read window holds. */
    private static final int REMEMBERED = 1024;
    /** How many runs are read from the store at once. */
    static final int PAGE = 2048;

    private final String environment;
    private final String configSha256;
    private final int page;
    private final Set<Long> own = new HashSet<>();
    private final LinkedHashSet<Long> counted = new LinkedHashSet<>();
    private long largestSeen;

    /** The runs of the plan of this environment and config: a fleet's (the store may hold other plans' runs). */
    public OthersRuns(String environment, String configSha256) {
        this(environment, configSha256, PAGE);
    }

    OthersRuns(String environment, String configSha256, int page) {
        this.environment = environment;
        this.configSha256 = configSha256;
        this.page = page;
    }

    /** A run this watcher wrote itself: never handed out as another's. */
    public void own(long id) {
        own.add(id);
    }

    /**
     * Hands {@code each} the others' runs not handed out yet, oldest id first, a page at a time: a watcher joining a fleet
     * with months of history holds one page of it at once, not all of it. Returns how many were handed out; a store that
     * fails midway keeps what was handed out handed out.
     */
    public int unseen(RunStore store, Consumer<RunStore.SeenRun> each) throws StoreException {
        long after = Math.max(0, largestSeen - REREAD);
        int handed = 0;
        while (true) {
            List<RunStore.SeenRun> runs = store.runsAfter(after, environment, configSha256, page);
            for (RunStore.SeenRun run : runs) {
                largestSeen = Math.max(largestSeen, run.id());
                after = run.id();
                if (!counted.add(run.id()) || own.remove(run.id())) {
                    continue;
                }
                each.accept(run);
                handed++;
            }
            for (Iterator<Long> oldest = counted.iterator(); counted.size() > REMEMBERED; ) {
                oldest.next();
                oldest.remove();
            }
            if (runs.size() < page) {
                return handed;
            }
        }
    }
}
