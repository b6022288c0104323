package dev.greenlight.health;

import java.util.List;

/**
 * What a health body says, whatever its format: an overall status, the dependencies it reports (each
 * with its own status and error), the startup fields, the name the service gives itself ({@code "service"}) and the
 * versions it reports ({@code "version"}, {@code "commit"}, Spring's {@code git.commit.id}...) when present.
 *
 * @param versions    what the body says the running version is, by where it says it ({@code version},
 *                    {@code git.commit.id}), in the body's order
 * @param environment the environment the body says it serves ({@code "environment": "production"}), when it says
 */
public record HealthReport(String format, Status status, List<Dependency> dependencies, String startupPhase,
                           Boolean startupComplete, Boolean emergencyMode, String service,
                           java.util.Map<String, String> versions, String environment) {

    public enum Status { HEALTHY, DEGRADED, UNHEALTHY, STARTING, UNKNOWN }

    /**
     * A dependency as the service reports it: {@code path} is its name in the body ({@code database}),
     * {@code said} the status word it used ({@code warn}), when it used one.
     */
    public record Dependency(String path, Status status, String error, String said) {
        public Dependency(String path, Status status, String error) {
            this(path, status, error, null);
        }

        /** The service's own word for the status, else ours. */
        public String word() {
            return said != null ? said : status.name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean failing() {
            return status == Status.UNHEALTHY;
        }
    }

    public HealthReport {
        dependencies = List.copyOf(dependencies);
        versions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(versions));
    }

    public HealthReport(String format, Status status, List<Dependency> dependencies, String startupPhase, Boolean startupComplete,
                        Boolean emergencyMode, String service) {
        this(format, status, dependencies, startupPhase, startupComplete, emergencyMode, service, java.util.Map.of(), null);
    }

    public HealthReport(String format, Status status, List<Dependency> dependencies, String startupPhase, Boolean startupComplete,
                        Boolean emergencyMode) {
        this(format, status, dependencies, startupPhase, startupComplete, emergencyMode, null);
    }

    public static final HealthReport NONE = new HealthReport("none", Status.UNKNOWN, List.of(), null, null, null);
}
