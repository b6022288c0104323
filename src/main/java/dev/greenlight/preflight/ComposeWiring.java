package dev.greenlight.preflight;

import java.util.List;

/** A compose service as its neighbours see it: its healthcheck (and the port it tests), and what it waits for. */
public record ComposeWiring(String key, String service, boolean healthcheck, Integer healthcheckPort, Place healthcheckPlace,
                            List<Dependency> dependsOn) {

    /** A {@code depends_on} entry: the other compose service's key, its condition, where. */
    public record Dependency(String key, String condition, Place place) {
    }

    public ComposeWiring {
        dependsOn = List.copyOf(dependsOn);
    }
}
