package dev.greenlight.diagnose;

import java.util.List;
import java.util.Map;

/**
 * Root causes (each with its cascades), links too weak to call, each service's startup timeline, notes, what runs
 * degraded (a service that says so, and what its health body names as degraded or down), and the version each service
 * said it runs.
 */
public record Diagnosis(List<RootCause> rootCauses, List<String> possiblyRelated, Map<String, Timeline> timelines,
                        List<String> notes, List<String> degraded, Map<String, Version> versions) {

    public Diagnosis {
        degraded = List.copyOf(degraded);
        rootCauses = List.copyOf(rootCauses);
        possiblyRelated = List.copyOf(possiblyRelated);
        notes = List.copyOf(notes);
        timelines = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timelines));
        versions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(versions));
    }

    /**
     * The version a service's answers said it runs ({@code 1.4.2}), where ({@code body 'version'}), the one its
     * {@code expected_version} asks for (null without one), and whether an answer confirmed that one.
     */
    public record Version(String version, String where, String expected, boolean confirmed) {
    }

    public boolean allHealthy() {
        return rootCauses.isEmpty();
    }

    /** A service whose failure nothing else explains. */
    public record RootCause(String service, String check, String signature, Classification classification, List<String> why,
                            List<String> nextChecks, Impact impact, List<Cascade> cascades) {
        public RootCause {
            why = List.copyOf(why);
            nextChecks = List.copyOf(nextChecks);
            cascades = List.copyOf(cascades);
        }
    }

    /** A failing service explained by a failing dependency, with the evidence of the link. */
    public record Cascade(String service, String check, String because) {
    }

    /** What the root cause costs: the highest priority, the revenue at risk, and whether the golden path is down. */
    public record Impact(String priority, long arrAtRisk, List<String> notes, boolean goldenPathBlocked) {
        public Impact {
            notes = List.copyOf(notes);
        }
    }

    /** How a service came up: UP, STARTED_LATE, STUCK, DOWN, FLAPPING, REGRESSED. */
    public record Timeline(String state, Long readyAfterMs, String startupPhase, Boolean emergencyMode) {
    }
}
