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

    /** The verdict a label names ("NO-GO"), or null for a label that is none. */
    public static Verdict fromLabel(String label) {
        for (Verdict v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        return null;
    }
}
