package dev.greenlight.preflight;

/**
 * How long the platform lets a service start before it gives up on it: a Kubernetes startup (or liveness) probe's
 * {@code initialDelaySeconds + periodSeconds x failureThreshold}, or Cloud Run's startup probe (240 s by default).
 */
public record StartupBudget(String service, long seconds, String how, Place place) {
}
