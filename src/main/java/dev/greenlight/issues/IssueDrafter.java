package dev.greenlight.issues;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.report.SavedReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One draft per root cause of a report, never one per red check: the cascades are a checklist inside it, and a
 * cascade that two root causes explain is linked from both.
 */
public final class IssueDrafter {

    private static final int TITLE_PHRASE_CHARS = 90;
    private static final int EVIDENCE_LINES = 12;

    private IssueDrafter() {
    }

    public static List<IssueDraft> drafts(SavedReport report) {
        String environment = report.environment().isEmpty() ? "default" : report.environment();
        Map<Diagnosis.RootCause, Fingerprint> prints = new LinkedHashMap<>();
        report.rootCauses().forEach(r -> prints.put(r, Fingerprint.of(environment, r.service(), r.signature())));
        List<IssueDraft> out = new ArrayList<>();
        for (Diagnosis.RootCause r : report.rootCauses()) {
            Fingerprint fp = prints.get(r);
            Map<String, List<Fingerprint>> shared = new LinkedHashMap<>();
            for (Diagnosis.Cascade c : r.cascades()) {
                List<Fingerprint> others = new ArrayList<>();
                prints.forEach((other, otherFp) -> {
                    if (other != r && other.cascades().stream().anyMatch(k -> k.service().equals(c.service()))) {
                        others.add(otherFp);
                    }
                });
                if (!others.isEmpty()) {
                    shared.put(c.service(), others);
                }
            }
            out.add(new IssueDraft(fp, r.service(), r.signature(), title(r, environment), labels(r, environment),
                    "<!-- greenlight:run=" + report.startedAt() + " -->", parts(report, r, environment), shared));
        }
        return out;
    }

    /** {@code [P0][staging] postgres: unreachable from backend (REPORTED_DOWN)} */
    static String title(Diagnosis.RootCause r, String environment) {
        String priority = r.impact().priority() == null ? "" : "[" + r.impact().priority() + "]";
        return priority + "[" + environment + "] " + r.service() + ": " + phrase(r) + " (" + r.signature() + ")";
    }

    /** What is wrong in a few words: the last step of the why-chain without its prefix and its parenthesis. */
    static String phrase(Diagnosis.RootCause r) {
        String line = r.why().isEmpty() ? r.signature().toLowerCase(Locale.ROOT).replace('_', ' ') : r.why().get(r.why().size() - 1);
        int colon = line.indexOf(": ");
        if (colon > 0 && colon < 60) {
            line = line.substring(colon + 2);
        }
        if (line.startsWith(r.signature() + ", ")) {
            line = line.substring(r.signature().length() + 2);
        }
        int paren = line.indexOf(" (");
        if (paren > 0) {
            line = line.substring(0, paren);
        }
        line = line.replace('\n', ' ').trim();
        return line.length() <= TITLE_PHRASE_CHARS ? line : line.substring(0, TITLE_PHRASE_CHARS).trim() + "…";
    }

    static List<String> labels(Diagnosis.RootCause r, String environment) {
        List<String> labels = new ArrayList<>(List.of("greenlight", r.classification().name().toLowerCase(Locale.ROOT)));
        if (r.impact().priority() != null) {
            labels.add(r.impact().priority());
        }
        labels.add("service:" + r.service());
        labels.add("env:" + environment);
        return labels;
    }

    private static IssueDraft.BodyParts parts(SavedReport report, Diagnosis.RootCause r, String environment) {
        String summary = "**" + r.service() + "** failed the deployment gate in **" + environment + "**: " + phrase(r)
                + " (`" + r.signature() + "`, " + r.classification().name().toLowerCase(Locale.ROOT) + ").";
        List<String> evidence = new ArrayList<>();
        addEvidence(report, r.check(), evidence);
        r.cascades().forEach(c -> addEvidence(report, c.check(), evidence));
        List<String> impact = new ArrayList<>();
        Diagnosis.Impact i = r.impact();
        if (i.priority() != null) {
            impact.add("Priority: " + i.priority());
        }
        if (i.arrAtRisk() > 0) {
            impact.add("ARR at risk: $" + String.format(Locale.ROOT, "%,d", i.arrAtRisk()));
        }
        impact.add("Golden path blocked: " + (i.goldenPathBlocked() ? "yes" : "no"));
        if (!i.notes().isEmpty()) {
            impact.add("Affects: " + String.join(", ", i.notes()));
        }
        List<IssueDraft.Cascade> cascades = r.cascades().stream().map(c -> new IssueDraft.Cascade(c.service(), c.because())).toList();
        List<String> run = new ArrayList<>(List.of("Environment: " + environment, "Time: " + report.startedAt(),
                "Verdict: " + report.verdict()));
        String version = report.versions().get(r.service());
        if (version != null) {
            run.add("Version: " + r.service() + " " + version); // which release to look at, or to roll back from
        }
        if (!report.command().isEmpty()) {
            run.add("Reproduce: `" + report.command().replace("`", "'") + "`");
        }
        return new IssueDraft.BodyParts(summary, r.why(), evidence.stream().limit(EVIDENCE_LINES).toList(), r.nextChecks(),
                impact, cascades, run);
    }

    private static void addEvidence(SavedReport report, String checkId, List<String> evidence) {
        if (checkId == null || checkId.isEmpty()) {
            return;
        }
        SavedReport.SavedCheck c = report.checks().get(checkId);
        if (c != null && !c.passed()) {
            evidence.add("`" + c.id() + "`: " + c.status() + " `" + c.signature() + "`: " + c.detail()
                    + (c.target().isEmpty() ? "" : " (target `" + c.target() + "`)"));
        }
    }
}
