package dev.greenlight.health;

import java.util.List;

/**
 * What a health body says, whatever its format: an overall status, the dependencies it reports (each
 * with its own status and error), and the startup fields when present.
 */
public record HealthReport(String format, Status status, List<Dependency> dependencies, String startupPhase,
                           Boolean startupComplete, Boolean emergencyMode) {

    public enum Status { HEALTHY, DEGRADED, UNHEALTHY, STARTING, UNKNOWN }

    /** A dependency as the service reports it: {@code path} is its name in the body ({@code database}). */
    public record Dependency(String path, Status status, String error) {
        public boolean failing() {
            return status == Status.UNHEALTHY;
        }
    }

    public HealthReport {
        dependencies = List.copyOf(dependencies);
    }

    public static final HealthReport NONE = new HealthReport("none", Status.UNKNOWN, List.of(), null, null, null);
}
