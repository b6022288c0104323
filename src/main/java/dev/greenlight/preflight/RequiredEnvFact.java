package dev.greenlight.preflight;

/** A variable the service's code reads without a default: missing at deploy time, it fails at start (or later). */
public record RequiredEnvFact(String service, String name, Place place) {
}
