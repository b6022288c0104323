package dev.greenlight.report;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.config.Secrets;
import dev.greenlight.plan.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The top of the console report: each root cause, its cascades beneath it, why, what next, what it costs. */
final class DiagnosisSection {

    private DiagnosisSection() {
    }

    static void render(RunResult run, Diagnosis diagnosis, Secrets secrets, Style style, StringBuilder out) {
        Function<String, String> line = text -> shorten(secrets.redact(text));
        if (diagnosis.allHealthy()) {
            out.append(withoutRootCause(run, diagnosis, line, style));
            diagnosis.notes().forEach(note -> out.append("  note: ").append(note).append('\n'));
            out.append('\n');
            return;
        }
        out.append(style.bold("Diagnosis: " + diagnosis.rootCauses().size() + " root cause"
                + (diagnosis.rootCauses().size() == 1 ? "" : "s"))).append('\n');
        int n = 1;
        for (Diagnosis.RootCause r : diagnosis.rootCauses()) {
            out.append(' ').append(n++).append(". ").append(style.red(r.service())).append("  ")
                    .append(r.classification().name().toLowerCase(Locale.ROOT)).append(", ").append(r.signature());
            Diagnosis.Impact impact = r.impact();
            if (impact.priority() != null || impact.arrAtRisk() > 0 || impact.goldenPathBlocked()) {
                out.append("  [").append(impact.priority() == null ? "" : impact.priority())
                        .append(impact.arrAtRisk() > 0 ? " $" + String.format(Locale.ROOT, "%,d", impact.arrAtRisk()) + " ARR at risk" : "")
                        .append(impact.goldenPathBlocked() ? ", golden path blocked" : "").append(']');
            }
            out.append('\n');
            for (Diagnosis.Cascade c : r.cascades()) {
                out.append("      <- ").append(c.service()).append(" (cascade)\n");
            }
            out.append("    why:\n");
            for (String step : r.why()) {
                out.append("      ").append(line.apply(step)).append('\n');
            }
            out.append("    next:\n");
            for (String next : r.nextChecks()) {
                out.append("      - ").append(next).append('\n');
            }
        }
        diagnosis.notes().forEach(note -> out.append("  note: ").append(note).append('\n'));
        for (String related : diagnosis.possiblyRelated()) {
            out.append("  possibly related: ").append(related).append('\n');
        }
        diagnosis.timelines().forEach((service, t) -> {
            if (!t.state().equals("UP")) {
                out.append("  startup: ").append(service).append(' ').append(t.state())
                        .append(t.readyAfterMs() == null ? "" : " (ready after " + t.readyAfterMs() + " ms)")
                        .append(t.startupPhase() == null ? "" : " at phase " + t.startupPhase())
                        .append(Boolean.TRUE.equals(t.emergencyMode()) ? ", emergency mode ON" : "").append('\n');
            }
        });
        out.append('\n');
    }

    /**
     * No root cause: "all healthy" only when the run is GO. DEGRADED names what is degraded; INCONCLUSIVE says
     * what Greenlight could not observe; a red verdict without a failing service says why it is red.
     */
    private static String withoutRootCause(RunResult run, Diagnosis diagnosis, Function<String, String> shorten,
                                           Style style) {
        StringBuilder out = new StringBuilder();
        switch (run.verdict()) {
            case GO -> out.append("Diagnosis: all healthy\n");
            case DEGRADED -> {
                out.append(style.yellow("Diagnosis: degraded, nothing failed")).append('\n');
                List<String> what = diagnosis.degraded().isEmpty() ? run.reasons() : diagnosis.degraded();
                what.forEach(line -> out.append("  ~ ").append(shorten.apply(line)).append('\n'));
            }
            case INCONCLUSIVE -> {
                out.append(style.yellow("Diagnosis: not possible, Greenlight could not observe what the verdict needs")).append('\n');
                run.reasons().forEach(line -> out.append("  ? ").append(shorten.apply(line)).append('\n'));
            }
            default -> {
                out.append(style.red("Diagnosis: no failing service to blame")).append('\n');
                run.reasons().forEach(line -> out.append("  - ").append(shorten.apply(line)).append('\n'));
            }
        }
        return out.toString();
    }

    /** How many services the versions line names before "+N more". */
    private static final int VERSIONS_NAMED = 8;

    /**
     * "api 1.4.2, auth 1.4.1 (expected 1.4.2)": the version each service said it runs, a wrong one with the one
     * expected; empty when no service said one.
     */
    static String versions(Diagnosis diagnosis) {
        StringBuilder s = new StringBuilder();
        int n = 0;
        for (var e : diagnosis.versions().entrySet()) {
            if (n++ == VERSIONS_NAMED) {
                return s.append(", +").append(diagnosis.versions().size() - VERSIONS_NAMED).append(" more").toString();
            }
            Diagnosis.Version v = e.getValue();
            s.append(s.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(v.version())
                    .append(v.expected() == null || v.confirmed() ? "" : " (expected " + v.expected() + ")");
        }
        return s.toString();
    }

    private static String shorten(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }
}
