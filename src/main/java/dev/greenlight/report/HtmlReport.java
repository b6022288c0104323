package dev.greenlight.report;

import dev.greenlight.condition.ConditionResult;
import dev.greenlight.config.Durations;
import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.PhaseResult;
import dev.greenlight.plan.RunResult;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML page (CSS inline, no script, no request leaving the file) that a person opens from a CI
 * artifact: the verdict, the diagnosis first, what changed since the baseline, each service's startup timeline
 * drawn as a small chart, then the phases with their checks and evidence, and the command that reproduces the run.
 */
public final class HtmlReport {

    private static final int BODY_CHARS = 2048;
    /** A phase with more checks shows those that need attention and folds the clean passes away. */
    private static final int LIST_PASSED_UP_TO = 25;

    private final Secrets secrets;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private HtmlReport(Secrets secrets) {
        this.secrets = secrets;
    }

    public static String render(ReportInput in) {
        return new HtmlReport(in.secrets()).write(in);
    }

    private String write(ReportInput in) {
        RunResult run = in.run();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(run.verdict().label() + " · " + run.environment() + " · greenlight")).append("</title>")
                .append("<style>").append(HtmlStyle.CSS).append("</style></head><body>\n");
        banner(run);
        new HtmlDiagnosis(this).write(run, in.diagnosis());
        in.diff().ifPresent(this::baseline);
        new HtmlTimelines(this).write(run, in.diagnosis());
        phases(in);
        footer(in);
        out.append("</body></html>\n");
        return secrets.redact(out.toString());
    }

    private void banner(RunResult run) {
        String kind = switch (run.verdict()) {
            case GO -> "go";
            case DEGRADED, INCONCLUSIVE -> "warn";
            case NO_GO, ABORTED -> "nogo";
        };
        out.append("<header class=\"banner ").append(kind).append("\"><h1 id=\"verdict\">").append(esc(run.verdict().label()))
                .append("</h1><p>environment <b>").append(esc(run.environment())).append("</b> · exit ").append(run.exitCode())
                .append(" · decided after ").append(esc(Durations.format(run.decidedAfter()))).append(" · ran ")
                .append(esc(Durations.format(run.duration()))).append(" · started ").append(esc(run.startedAt().toString()))
                .append("</p>");
        if (!run.reasons().isEmpty()) {
            out.append("<ul class=\"reasons\">");
            run.reasons().forEach(r -> out.append("<li>").append(esc(r)).append("</li>"));
            out.append("</ul>");
        }
        run.canary().ifPresent(c -> out.append("<p>canary ").append(c.passed() ? "answered" : "FAILED: " + esc(c.detail())).append("</p>"));
        out.append("</header>\n");
    }

    private void baseline(RunDiff diff) {
        out.append("<section id=\"baseline\"><h2>Since the baseline</h2><ul>");
        diff.lines().forEach(line -> out.append("<li>").append(esc(line)).append("</li>"));
        out.append("</ul></section>\n");
    }

    private void phases(ReportInput in) {
        out.append("<section id=\"phases\"><h2>Phases</h2>\n");
        for (PhaseResult phase : in.run().phases()) {
            int percent = (int) Math.round(phase.passRate() * 100);
            out.append("<div class=\"phase\"><h3>").append(esc(phase.name())).append(" <span class=\"st ")
                    .append(phase.status().name().toLowerCase(Locale.ROOT)).append("\">").append(phase.status()).append("</span></h3>")
                    .append("<div class=\"bar\" title=\"").append(percent).append("% passed\"><div style=\"width:").append(percent)
                    .append("%\"></div></div><p class=\"dim\">").append(esc(phase.reason())).append("</p>");
            // the checks that need a reader first; in a large phase the clean passes are folded away
            List<CheckResult> attention = phase.checks().stream().filter(c -> !cleanPass(c)).toList();
            List<CheckResult> clean = phase.checks().stream().filter(HtmlReport::cleanPass).toList();
            boolean fold = phase.checks().size() > LIST_PASSED_UP_TO;
            checkTable(in, fold ? attention : phase.checks());
            if (fold && !clean.isEmpty()) {
                out.append("<details class=\"passed\"><summary>").append(clean.size()).append(" checks passed</summary>");
                checkTable(in, clean);
                out.append("</details>");
            }
            out.append("</div>\n");
        }
        out.append("</section>\n");
    }

    private static boolean cleanPass(CheckResult c) {
        return c.passed() && !c.flaky() && !c.degraded();
    }

    private void checkTable(ReportInput in, List<CheckResult> checks) {
        if (checks.isEmpty()) {
            return;
        }
        out.append("<table><thead><tr><th>check</th><th>status</th><th>signature</th><th>time</th><th>attempts</th>")
                .append("<th>detail</th></tr></thead><tbody>\n");
        for (CheckResult check : checks) {
            checkRow(in, check);
        }
        out.append("</tbody></table>");
    }

    private void checkRow(ReportInput in, CheckResult check) {
        String status = check.status().name().toLowerCase(Locale.ROOT);
        out.append("<tr class=\"").append(status).append("\"><td><code>").append(esc(check.check().id())).append("</code></td><td>")
                .append(check.status()).append(check.flaky() ? " (flaky)" : "").append(check.degraded() ? " (degraded)" : "")
                .append("</td><td>").append(check.passed() ? "" : esc(check.signature().name())).append("</td><td>")
                .append(esc(Durations.format(check.duration()))).append("</td><td>").append(check.attempts()).append("</td><td>");
        if (check.passed()) {
            out.append(esc(check.detail()));
        } else {
            out.append("<details><summary>").append(esc(check.detail())).append("</summary>");
            evidence(in, check);
            out.append("</details>");
        }
        out.append("</td></tr>\n");
    }

    private void evidence(ReportInput in, CheckResult check) {
        out.append("<dl>");
        Blame.of(in.diagnosis(), check).ifPresent(b -> term("diagnosis", b));
        term("target", check.observation() != null ? check.observation().target() : check.check().probe().target());
        for (ConditionResult c : check.conditions()) {
            term("condition", c.condition() + " → " + (c.success() ? "met" : "not met") + (c.actual() == null ? "" : " (actual " + c.actual() + ")"));
        }
        if (check.observation() != null) {
            var t = check.observation().timings();
            StringBuilder timings = new StringBuilder();
            appendTiming(timings, "dns", t.dns());
            appendTiming(timings, "connect", t.connect());
            appendTiming(timings, "tls", t.tls());
            appendTiming(timings, "first byte", t.firstByte());
            appendTiming(timings, "total", t.total());
            if (!timings.isEmpty()) {
                term("timings", timings.toString().trim());
            }
            if (check.observation().body() != null) {
                String body = secrets.redact(check.observation().body()); // before the cut
                out.append("<dt>body</dt><dd><pre>").append(esc(body.length() <= BODY_CHARS ? body : body.substring(0, BODY_CHARS) + "…"))
                        .append("</pre></dd>");
            }
        }
        out.append("</dl>");
    }

    private static void appendTiming(StringBuilder out, String name, java.time.Duration d) {
        if (d != null) {
            out.append(name).append(' ').append(Durations.format(d)).append("  ");
        }
    }

    private void term(String name, String value) {
        out.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private void footer(ReportInput in) {
        out.append("<footer><dl>");
        if (!in.context().commandLine().isEmpty()) {
            out.append("<dt>command</dt><dd><code id=\"command\">").append(esc(in.context().commandLine())).append("</code></dd>");
        }
        if (!in.context().configSha256().isEmpty()) {
            out.append("<dt>config sha256</dt><dd><code>").append(esc(in.context().configSha256())).append("</code></dd>");
        }
        String version = HtmlReport.class.getPackage().getImplementationVersion();
        out.append("<dt>written by</dt><dd>greenlight ").append(esc(version == null ? "(development build)" : version))
                .append("</dd></dl></footer>\n");
    }

    StringBuilder out() {
        return out;
    }

    /** Masked first (an escaped copy of a secret would not be found afterwards), then escaped for HTML. */
    String esc(String text) {
        if (text == null) {
            return "";
        }
        String masked = secrets.redact(text);
        StringBuilder s = new StringBuilder(masked.length() + 16);
        for (int i = 0; i < masked.length(); i++) {
            char c = masked.charAt(i);
            switch (c) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    /** For HtmlDiagnosis: the diagnosis is written by its own class but into this page. */
    static String classification(Diagnosis.RootCause r) {
        return r.classification().name().toLowerCase(Locale.ROOT);
    }
}
