package dev.greenlight.report;

import dev.greenlight.config.Durations;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.PhaseResult;
import dev.greenlight.plan.RunResult;
import java.util.List;
import java.util.Locale;

/**
 * A compact summary for {@code $GITHUB_STEP_SUMMARY} and pull-request comments: the verdict, the root causes with
 * their cascades, what changed since the baseline, the phases, and a table of the checks that did not pass.
 */
public final class MarkdownReport {

    private static final int TABLE_ROWS = 50;
    private static final int CELL_CHARS = 140;

    private final dev.greenlight.config.Secrets secrets;

    private MarkdownReport(dev.greenlight.config.Secrets secrets) {
        this.secrets = secrets;
    }

    public static String render(ReportInput in) {
        return new MarkdownReport(in.secrets()).write(in);
    }

    private String write(ReportInput in) {
        RunResult run = in.run();
        StringBuilder out = new StringBuilder();
        out.append("## ").append(icon(run)).append(' ').append(run.verdict().label()).append(" · ")
                .append(cell(run.environment())).append("\n\n");
        out.append("Exit ").append(run.exitCode()).append(" · decided after ").append(Durations.format(run.decidedAfter()))
                .append(" · ran ").append(Durations.format(run.duration())).append(" · started ").append(run.startedAt()).append("\n\n");
        run.reasons().forEach(r -> out.append("- ").append(inline(r)).append('\n'));
        out.append('\n');
        rootCauses(in.diagnosis(), out);
        in.diff().ifPresent(d -> {
            out.append("### Since the baseline\n\n");
            d.lines().forEach(line -> out.append("- ").append(inline(line)).append('\n'));
            out.append('\n');
        });
        out.append("### Phases\n\n| phase | status | passed | reason |\n|---|---|---|---|\n");
        for (PhaseResult p : run.phases()) {
            out.append("| ").append(cell(p.name())).append(" | ").append(p.status()).append(" | ")
                    .append(p.passed()).append('/').append(p.checks().size()).append(" | ").append(cell(p.reason())).append(" |\n");
        }
        out.append('\n');
        failedChecks(in, out);
        if (!in.context().commandLine().isEmpty()) {
            out.append("<sub>`").append(in.context().commandLine().replace("`", "'")).append("`</sub>\n");
        }
        return in.secrets().redact(out.toString());
    }

    private void rootCauses(Diagnosis diagnosis, StringBuilder out) {
        if (diagnosis.rootCauses().isEmpty()) {
            return;
        }
        out.append("### Root causes\n\n");
        int n = 1;
        for (Diagnosis.RootCause r : diagnosis.rootCauses()) {
            out.append(n++).append(". **").append(cell(r.service())).append("**: ")
                    .append(r.classification().name().toLowerCase(Locale.ROOT)).append(", `").append(r.signature()).append('`');
            Diagnosis.Impact impact = r.impact();
            if (impact.priority() != null) {
                out.append(" · ").append(impact.priority());
            }
            if (impact.arrAtRisk() > 0) {
                out.append(" · $").append(String.format(Locale.ROOT, "%,d", impact.arrAtRisk())).append(" ARR at risk");
            }
            if (impact.goldenPathBlocked()) {
                out.append(" · golden path blocked");
            }
            out.append('\n');
            if (!r.why().isEmpty()) {
                out.append("   - why: ").append(inline(r.why().get(r.why().size() - 1))).append('\n');
            }
            if (!r.cascades().isEmpty()) {
                out.append("   - cascades: ").append(String.join(", ", r.cascades().stream().map(c -> cell(c.service())).toList()))
                        .append('\n');
            }
            if (!r.nextChecks().isEmpty()) {
                out.append("   - next: ").append(inline(r.nextChecks().get(0))).append('\n');
            }
        }
        out.append('\n');
    }

    private void failedChecks(ReportInput in, StringBuilder out) {
        List<CheckResult> failed = in.run().checks().stream().filter(c -> !c.passed()).toList();
        if (failed.isEmpty()) {
            out.append("All ").append(in.run().checks().size()).append(" checks passed.\n\n");
            return;
        }
        out.append("### Checks that did not pass (").append(failed.size()).append(")\n\n")
                .append("| check | status | signature | detail |\n|---|---|---|---|\n");
        failed.stream().limit(TABLE_ROWS).forEach(c -> out.append("| `").append(c.check().id().replace("`", "'")).append("` | ")
                .append(c.status()).append(" | `").append(c.signature()).append("` | ")
                .append(cell(c.detail())).append(" |\n"));
        if (failed.size() > TABLE_ROWS) {
            out.append("\n…and ").append(failed.size() - TABLE_ROWS).append(" more in the JSON or HTML report.\n");
        }
        out.append('\n');
    }

    private static String icon(RunResult run) {
        return switch (run.verdict()) {
            case GO -> "✅";
            case DEGRADED -> "⚠️";
            case INCONCLUSIVE -> "❔";
            case NO_GO, ABORTED -> "❌";
        };
    }

    /** Text for a table cell: one line, no pipes that would split it, no HTML, bounded. */
    private String cell(String text) {
        String one = inline(text).replace("|", "\\|");
        return one.length() <= CELL_CHARS ? one : one.substring(0, CELL_CHARS) + "…";
    }

    /** Text inside a line: no line breaks, and the characters Markdown or HTML would act on escaped. */
    private String inline(String text) {
        if (text == null) {
            return "";
        }
        // masked before escaping: an escaped copy of a secret would no longer be found
        return secrets.redact(text).replace('\n', ' ').replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*", "\\*").replace("_", "\\_").replace("`", "\\`").replace("[", "\\[");
    }
}
