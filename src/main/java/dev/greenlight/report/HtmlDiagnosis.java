package dev.greenlight.report;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.RunResult;
import java.util.Locale;

/** The diagnosis section of the HTML report: each root cause with its impact, cascades, why-chain and next checks. */
final class HtmlDiagnosis {

    private final HtmlReport page;

    HtmlDiagnosis(HtmlReport page) {
        this.page = page;
    }

    void write(RunResult run, Diagnosis diagnosis) {
        StringBuilder out = page.out();
        out.append("<section id=\"diagnosis\"><h2>Diagnosis</h2>\n");
        String versions = DiagnosisSection.versions(diagnosis);
        if (!versions.isEmpty()) {
            out.append("<p class=\"versions\">versions: ").append(page.esc(versions)).append("</p>\n");
        }
        if (diagnosis.rootCauses().isEmpty()) {
            String summary = switch (run.verdict()) {
                case GO -> "All healthy.";
                case DEGRADED -> "Degraded, nothing failed.";
                case INCONCLUSIVE -> "Not possible: Greenlight could not observe what the verdict needs.";
                default -> "No failing service to blame.";
            };
            out.append("<p class=\"summary\">").append(page.esc(summary)).append("</p>");
            diagnosis.degraded().forEach(d -> out.append("<p class=\"dim\">~ ").append(page.esc(d)).append("</p>"));
        }
        int n = 1;
        for (Diagnosis.RootCause r : diagnosis.rootCauses()) {
            out.append("<article class=\"root-cause\" data-service=\"").append(page.esc(r.service())).append("\"><h3>")
                    .append(n++).append(". ").append(page.esc(r.service())).append(" <span class=\"tag\">")
                    .append(HtmlReport.classification(r)).append("</span> <code>").append(page.esc(r.signature())).append("</code></h3>");
            impact(r.impact());
            if (!r.cascades().isEmpty()) {
                out.append("<p>Cascades (fail because of it):</p><ul class=\"cascades\">");
                r.cascades().forEach(c -> out.append("<li><b>").append(page.esc(c.service())).append("</b>: ")
                        .append(page.esc(c.because())).append("</li>"));
                out.append("</ul>");
            }
            out.append("<p>Why:</p><ol class=\"why\">");
            r.why().forEach(w -> out.append("<li>").append(page.esc(w)).append("</li>"));
            out.append("</ol>");
            if (!r.nextChecks().isEmpty()) {
                out.append("<p>Next checks:</p><ul>");
                r.nextChecks().forEach(x -> out.append("<li>").append(page.esc(x)).append("</li>"));
                out.append("</ul>");
            }
            out.append("</article>\n");
        }
        diagnosis.notes().forEach(note -> out.append("<p class=\"dim\">note: ").append(page.esc(note)).append("</p>"));
        diagnosis.possiblyRelated().forEach(r -> out.append("<p class=\"dim\">possibly related: ").append(page.esc(r)).append("</p>"));
        out.append("</section>\n");
    }

    private void impact(Diagnosis.Impact impact) {
        StringBuilder out = page.out();
        if (impact.priority() == null && impact.arrAtRisk() == 0 && !impact.goldenPathBlocked()) {
            return;
        }
        out.append("<p class=\"impact\">");
        if (impact.priority() != null) {
            out.append("<span class=\"tag prio\">").append(page.esc(impact.priority())).append("</span> ");
        }
        if (impact.arrAtRisk() > 0) {
            out.append('$').append(String.format(Locale.ROOT, "%,d", impact.arrAtRisk())).append(" ARR at risk ");
        }
        if (impact.goldenPathBlocked()) {
            out.append("· golden path blocked");
        }
        out.append("</p>");
        if (!impact.notes().isEmpty()) {
            out.append("<p class=\"dim\">affects: ").append(page.esc(String.join(", ", impact.notes()))).append("</p>");
        }
    }
}
