package dev.greenlight.report;

import dev.greenlight.config.Durations;
import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.PhaseResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import java.util.Locale;

/** The report people read: the verdict and why, then a table of phases and their checks. */
public final class ConsoleReport {

    private static final int DETAIL_CHARS = 110;
    /** A phase with more checks lists only those that did not pass cleanly. */
    private static final int LIST_PASSED_UP_TO = 25;

    private ConsoleReport() {
    }

    public static String render(RunResult run, Secrets secrets, Style style) {
        return render(run, Diagnoser.diagnose(run), secrets, style);
    }

    public static String render(RunResult run, Diagnosis diagnosis, Secrets secrets, Style style) {
        return render(new ReportInput(run, diagnosis, secrets, RunContext.NONE, java.util.Optional.empty()), style);
    }

    public static String render(ReportInput in, Style style) {
        RunResult run = in.run();
        Diagnosis diagnosis = in.diagnosis();
        Secrets secrets = in.secrets();
        StringBuilder out = new StringBuilder();
        out.append(style.bold(verdictLabel(run.verdict(), style))).append("  exit ").append(run.exitCode())
                .append("  environment ").append(run.environment())
                .append("  decided after ").append(Durations.format(run.decidedAfter()))
                .append(", ran ").append(Durations.format(run.duration())).append('\n');
        for (String reason : run.reasons()) {
            out.append("  - ").append(reason).append('\n');
        }
        run.canary().ifPresent(c -> out.append("  canary ").append(c.passed() ? "answered" : "FAILED: " + secrets.redact(c.detail()))
                .append('\n'));
        String versions = DiagnosisSection.versions(diagnosis);
        if (!versions.isEmpty()) {
            out.append("  versions: ").append(secrets.redact(versions)).append('\n');
        }
        out.append('\n');
        DiagnosisSection.render(run, diagnosis, secrets, style, out);
        in.diff().ifPresent(diff -> {
            out.append(style.bold("Since the baseline")).append('\n');
            diff.lines().forEach(line -> out.append("  ").append(secrets.redact(line)).append('\n'));
            out.append('\n');
        });
        int idWidth = Math.max(20, run.checks().stream().mapToInt(c -> c.check().id().length()).max().orElse(0));
        for (PhaseResult phase : run.phases()) {
            out.append(style.bold(String.format(Locale.ROOT, "%-" + (idWidth + 4) + "s", phase.name())))
                    .append(phaseStatus(phase, style))
                    .append(phase.reason()).append('\n');
            boolean listPassed = phase.checks().size() <= LIST_PASSED_UP_TO;
            int unlisted = 0;
            for (CheckResult check : phase.checks()) {
                if (!listPassed && check.passed() && !check.flaky() && !check.degraded()) {
                    unlisted++;
                    continue;
                }
                out.append("  ").append(mark(check, style)).append(' ')
                        .append(String.format(Locale.ROOT, "%-" + (idWidth + 1) + "s", check.check().id()))
                        .append(String.format(Locale.ROOT, "%-9s", check.status()))
                        .append(String.format(Locale.ROOT, "%7s  ", Durations.format(check.duration())))
                        .append(describe(check, secrets)).append('\n');
                bodyLine(check, secrets).ifPresent(line -> out.append("      ").append(style.dim(line)).append('\n'));
            }
            if (unlisted > 0) {
                out.append("  ").append(style.green("+")).append(' ').append(unlisted)
                        .append(" more passed (not listed; --format json has every check)\n");
            }
        }
        return secrets.redact(out.toString());
    }

    private static String describe(CheckResult check, Secrets secrets) {
        StringBuilder s = new StringBuilder();
        if (!check.passed()) {
            s.append(check.signature()).append(": ");
        }
        s.append(shorten(secrets.redact(check.detail())));
        if (check.flaky()) {
            s.append("  [flaky: passed after ").append(check.retriesUsed()).append(" retr")
                    .append(check.retriesUsed() == 1 ? "y]" : "ies]");
        }
        if (check.attempts() > 1 && check.firstSuccess().isPresent() && !check.flaky()) {
            s.append("  [ready after ").append(Durations.format(check.firstSuccess().get())).append(']');
        }
        if (check.attempts() > 1 && !check.passed()) {
            s.append("  [").append(check.attempts()).append(" attempts]");
        }
        if (check.degraded()) {
            s.append("  [says degraded]");
        }
        return s.toString();
    }

    /** Green only when the bar was met and every check passed; a bar met with failures, or no bar, is yellow. */
    private static String phaseStatus(PhaseResult phase, Style style) {
        String label = String.format(Locale.ROOT, "%-11s", phase.status());
        boolean clean = phase.checks().stream().allMatch(CheckResult::passed);
        return switch (phase.status()) {
            case PASSED -> clean ? style.green(label) : style.yellow(label);
            case NOT_GATING, SKIPPED -> style.yellow(label);
            case FAILED, ABORTED -> style.red(label);
        };
    }

    /**
     * The first bytes of a failed HTTP answer's body, on one line: an nginx 502 page or a framework's error
     * body, seen without --format json. The whole report is redacted afterwards.
     */
    static java.util.Optional<String> bodyLine(CheckResult check, Secrets secrets) {
        if (check.passed() || check.observation() == null || check.observation().status() == null
                || check.observation().body() == null || check.observation().body().isBlank()) {
            return java.util.Optional.empty();
        }
        String body = secrets.redact(check.observation().body()).replaceAll("\\s+", " ").trim();
        return java.util.Optional.of("body: " + (body.length() <= BODY_CHARS ? body : body.substring(0, BODY_CHARS) + "..."));
    }

    private static final int BODY_CHARS = 160;

    private static String mark(CheckResult check, Style style) {
        if (check.passed()) {
            return check.degraded() || check.flaky() ? style.yellow("~") : style.green("+");
        }
        return check.status() == CheckStatus.SKIPPED ? style.yellow("-") : style.red("x");
    }

    private static String verdictLabel(Verdict verdict, Style style) {
        return switch (verdict) {
            case GO -> style.green(verdict.label());
            case DEGRADED, INCONCLUSIVE -> style.yellow(verdict.label());
            default -> style.red(verdict.label());
        };
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= DETAIL_CHARS ? oneLine : oneLine.substring(0, DETAIL_CHARS) + "...";
    }
}
