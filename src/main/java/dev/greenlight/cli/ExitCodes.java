package dev.greenlight.cli;

/** The exit codes outside the verdicts (which are in {@link dev.greenlight.plan.Verdict}). */
public final class ExitCodes {

    public static final int USAGE = 64;
    public static final int SOFTWARE = 70;
    /** The run finished but its report could not be written. */
    public static final int IO_ERROR = 74;
    /** Part of the work was refused for now (a rate limit, a 5xx): running the same command again finishes it. */
    public static final int TEMP_FAILURE = 75;
    public static final int CONFIG = 78;


    private ExitCodes() {
    }
}
