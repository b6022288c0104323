package dev.greenlight.condition;

import dev.greenlight.probe.FailureSignature;

/** The placeholders users know from Gatus, and the failure signature a failed condition on each gives. */
public enum PlaceholderKind {
    STATUS(FailureSignature.HTTP_STATUS, false),
    RESPONSE_TIME(FailureSignature.SLOW_RESPONSE, false),
    BODY(FailureSignature.BODY_MISMATCH, true),
    HEADER(FailureSignature.BODY_MISMATCH, true),
    CONNECTED(FailureSignature.CONDITION_FAILED, false),
    CERTIFICATE_EXPIRATION(FailureSignature.TLS_FAILURE, false),
    EVENTS(FailureSignature.EVENT_MISSING, false),
    LATENCY(FailureSignature.SLOW_RESPONSE, false),
    /** Over the samples of a check with {@code samples: N}: the share that passed, in percent. */
    SUCCESS_RATE(FailureSignature.CONDITION_FAILED, false),
    P50(FailureSignature.SLOW_RESPONSE, false),
    P95(FailureSignature.SLOW_RESPONSE, false),
    P99(FailureSignature.SLOW_RESPONSE, false),
    MAX_RESPONSE_TIME(FailureSignature.SLOW_RESPONSE, false);

    private final FailureSignature signatureWhenFailed;
    private final boolean takesPath;

    PlaceholderKind(FailureSignature signatureWhenFailed, boolean takesPath) {
        this.signatureWhenFailed = signatureWhenFailed;
        this.takesPath = takesPath;
    }

    public FailureSignature signatureWhenFailed() {
        return signatureWhenFailed;
    }

    /** Read from a check's samples, not from one observation. */
    public boolean overSamples() {
        return this == SUCCESS_RATE || this == P50 || this == P95 || this == P99 || this == MAX_RESPONSE_TIME;
    }

    /** Compared with a duration. */
    boolean isDuration() {
        return this == RESPONSE_TIME || this == CERTIFICATE_EXPIRATION || this == LATENCY || this == P50 || this == P95
                || this == P99 || this == MAX_RESPONSE_TIME;
    }

    boolean takesPath() {
        return takesPath;
    }
}
