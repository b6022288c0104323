package dev.greenlight.audit;

import java.time.Duration;

/**
 * One test case as a report states it.
 *
 * @param message the failure, error or skip message (with its type), if any
 * @param output  what the case printed (system-out and system-err), capped
 * @param reruns  failed runs before the final outcome (surefire flakyFailure/rerunFailure, pytest reruns)
 * @param line    where the case starts in its file
 */
public record TestCase(String classname, String name, Outcome outcome, Duration time, String message, String output,
                       int reruns, int line) {

    public enum Outcome { PASSED, FAILED, ERROR, SKIPPED }

    public String id() {
        return classname == null || classname.isEmpty() ? name : classname + "." + name;
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
