package dev.greenlight.preflight;

/** A platform a service is deployed to, and whether it injects {@code PORT} (Cloud Run, Procfile platforms). */
public record PlatformFact(String service, String platform, boolean injectsPort, Place place) {
}
