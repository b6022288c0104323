package dev.greenlight.issues;

import java.util.List;
import java.util.Map;

/**
 * One issue to file: a root cause with its title, labels and body parts. {@code alsoExplainedBy} maps a cascading
 * service to the fingerprints of the other root causes that explain it too (linked as "depends on #N" once filed).
 */
public record IssueDraft(Fingerprint fingerprint, String service, String signature, String title, List<String> labels,
                         String runMarker, BodyParts parts, Map<String, List<Fingerprint>> alsoExplainedBy) {

    public IssueDraft {
        labels = List.copyOf(labels);
        alsoExplainedBy = Map.copyOf(alsoExplainedBy);
    }

    /** The sections of the body that do not depend on issue numbers. */
    public record BodyParts(String summary, List<String> why, List<String> evidence, List<String> nextChecks,
                            List<String> impact, List<Cascade> cascades, List<String> run) {
        public BodyParts {
            why = List.copyOf(why);
            evidence = List.copyOf(evidence);
            nextChecks = List.copyOf(nextChecks);
            impact = List.copyOf(impact);
            cascades = List.copyOf(cascades);
            run = List.copyOf(run);
        }
    }

    public record Cascade(String service, String because) {
    }
}
