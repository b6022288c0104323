package dev.greenlight.plan;

/** The outcome of one check. Only PASS counts as passed. */
public enum CheckStatus {
    PASS, FAIL, SKIPPED, BLOCKED, ERROR
}
