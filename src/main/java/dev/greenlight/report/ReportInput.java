package dev.greenlight.report;

import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.RunResult;
import java.util.Objects;
import java.util.Optional;

/**
 * What every renderer is fed: the run, its diagnosis (computed once), the secrets to mask, where the run came
 * from, and what changed since a baseline run when one was given.
 */
public record ReportInput(RunResult run, Diagnosis diagnosis, Secrets secrets, RunContext context, Optional<RunDiff> diff) {

    public ReportInput {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(diagnosis, "diagnosis");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(diff, "diff");
    }

    /** A run with its diagnosis, no context and no baseline: what tests and the demo's own callers need. */
    public static ReportInput of(RunResult run, Secrets secrets) {
        return new ReportInput(run, Diagnoser.diagnose(run), secrets, RunContext.NONE, Optional.empty());
    }

    public ReportInput withDiff(RunDiff d) {
        return new ReportInput(run, diagnosis, secrets, context, Optional.of(d));
    }
}
