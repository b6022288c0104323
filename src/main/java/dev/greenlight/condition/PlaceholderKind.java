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
    LATENCY(FailureSignature.SLOW_RESPONSE, false);

    private final FailureSignature signatureWhenFailed;
    private final boolean takesPath;

    PlaceholderKind(FailureSignature signatureWhenFailed, boolean takesPath) {
        this.signatureWhenFailed = signatureWhenFailed;
        this.takesPath = takesPath;
    }

    public FailureSignature signatureWhenFailed() {
        return signatureWhenFailed;
    }

    boolean takesPath() {
        return takesPath;
    }
}
