package dev.greenlight.preflight;

/** How long a service took to become ready in a Greenlight verify run (its startup timeline), and which report says so. */
public record ObservedStartup(String service, long readyAfterMs, String state, String report) {
}
