package dev.greenlight.plan;

/** Told as a run goes, for live progress. Called from probe threads: implementations are thread-safe. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() { };

    default void phaseStarted(Phase phase) {
    }

    default void checkFinished(Phase phase, CheckResult result, int done, int total) {
    }

    default void phaseFinished(PhaseResult result) {
    }
}
