package dev.greenlight.plan;

import dev.greenlight.probe.FailureSignature;
import java.time.Duration;

/**
 * One try of a check, for its timeline: when it started (from the start of the run), how long it
 * took, and what came of it.
 */
public record Attempt(int number, Duration at, Duration took, boolean passed, FailureSignature signature, String detail,
                      Integer status) {
}
