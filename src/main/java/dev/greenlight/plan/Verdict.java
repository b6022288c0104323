package dev.greenlight.plan;

/** The answer of a run, and its stable exit code. */
public enum Verdict {
    GO("GO", 0),
    NO_GO("NO-GO", 1),
    ABORTED("ABORTED", 2),
    DEGRADED("DEGRADED", 3),
    INCONCLUSIVE("INCONCLUSIVE", 4);

    private final String label;
    private final int exitCode;

    Verdict(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    public String label() {
        return label;
    }

    public int exitCode() {
        return exitCode;
    }
}
