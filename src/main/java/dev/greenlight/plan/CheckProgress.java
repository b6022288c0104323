package dev.greenlight.plan;

import dev.greenlight.probe.FailureSignature;

/** Where a check that is still running stands: how many attempts so far and what the last one found. */
public record CheckProgress(String checkId, int attempts, FailureSignature lastSignature, String lastDetail) {
}
