package dev.greenlight.watch;

import dev.greenlight.plan.Verdict;

/**
 * When the rollback hook is due: once per incident, an incident being {@code after} runs in a row whose verdict is
 * NO-GO or ABORTED. An INCONCLUSIVE run neither counts towards an incident nor ends one (nothing was observed); any
 * other verdict ends it.
 */
final class Incidents {

    private final int after;
    private int failingInARow;
    private boolean called;

    Incidents(int after) {
        this.after = after;
    }

    /** This watcher's run: true when the hook is due now (and it will not be due again in this incident). */
    boolean onRun(Verdict verdict) {
        if (!count(verdict)) {
            return false;
        }
        if (failingInARow >= after && !called) {
            called = true;
            return true;
        }
        return false;
    }

    /** A run another watcher of the fleet made: counted; if it made the hook due, that watcher called it. */
    void observe(Verdict verdict) {
        if (count(verdict) && failingInARow >= after) {
            called = true;
        }
    }

    /** True when the run is a failing one, counted. */
    private boolean count(Verdict verdict) {
        if (verdict == null || verdict == Verdict.INCONCLUSIVE) {
            return false;
        }
        if (verdict != Verdict.NO_GO && verdict != Verdict.ABORTED) {
            failingInARow = 0;
            called = false; // the incident is over
            return false;
        }
        failingInARow++;
        return true;
    }
}
