package dev.greenlight.preflight;

/**
 * A port stated for a service, with what the statement means.
 *
 * @param port       the number, or the default that applies when the variable is unset
 * @param viaVariable the statement reads {@code $PORT} (with {@code port} as its default, or -1 without one)
 */
public record PortFact(String service, int port, boolean viaVariable, Role role, Place place) {

    public enum Role {
        /** the process binds it (a start command, a server config, the code) */
        LISTENS,
        /** documentation of the image (Dockerfile EXPOSE, compose expose) */
        EXPOSES,
        /** where the platform sends traffic (Cloud Run containerPort or --port, k8s containerPort/targetPort, compose's container port) */
        PLATFORM,
        /** what the image's own health check tests (Dockerfile HEALTHCHECK): another port keeps the container unhealthy */
        PROBES
    }

    /** "8001 (when PORT is unset)" or "8081". */
    public String shown() {
        if (viaVariable) {
            return port < 0 ? "$PORT (no default)" : "$PORT, else " + port;
        }
        return String.valueOf(port);
    }
}
