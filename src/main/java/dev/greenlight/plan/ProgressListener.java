package dev.greenlight.plan;

/** Told as a run goes, for live progress. Called from probe threads: implementations are thread-safe. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() { };

    default void phaseStarted(Phase phase) {
    }

    /** After every attempt of every check, with what the probe saw (for --verbose). */
    default void attempted(Check check, Attempt attempt, dev.greenlight.probe.Observation observation) {
    }

    default void checkFinished(Phase phase, CheckResult result, int done, int total) {
    }

    default void phaseFinished(PhaseResult result) {
    }

    /**
     * Every few seconds while checks of a phase are still running (a long settle): which ones, and how much of
     * the settle budget is left ({@code null} without settle).
     */
    default void stillWaiting(Phase phase, java.util.List<CheckProgress> running, java.time.Duration settleLeft) {
    }
}
