package dev.greenlight.report;

import dev.greenlight.diagnose.Diagnosis;
import java.util.Locale;

/** The top of the console report: each root cause, its cascades beneath it, why, what next, what it costs. */
final class DiagnosisSection {

    private DiagnosisSection() {
    }

    static void render(Diagnosis diagnosis, Style style, StringBuilder out) {
        if (diagnosis.allHealthy()) {
            out.append("Diagnosis: all healthy\n");
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
                out.append("      ").append(shorten(step)).append('\n');
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

    private static String shorten(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }
}
