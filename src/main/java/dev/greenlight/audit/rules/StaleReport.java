package dev.greenlight.audit.rules;

import dev.greenlight.audit.AuditInput;
import dev.greenlight.audit.AuditRule;
import dev.greenlight.audit.ReportFile;
import dev.greenlight.audit.ReportTime;
import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * GL-A009: a report written before this run's tests started. A runner that died, or a job that never reached its
 * tests, leaves the last run's {@code junit.xml} in place (a reused workspace, a restored cache, a report committed by
 * mistake), and every green case in it is audited as today's. With {@code --since} (the job's start) a report
 * written earlier is an error; without it, a report written long before the newest of the same audit is a warning.
 *
 * <p>When a report was written is read from its own zoned {@code timestamp} when it has one (a fresh checkout gives
 * an old report a new file time), else from the file's time; a timestamp without a zone (pytest, jest-junit, Gradle)
 * counts only when it is older than any zone could explain. Between reports of one audit, timestamps are compared
 * with timestamps and file times with file times: a checkout gives committed reports the same new file time.
 */
public final class StaleReport implements AuditRule {

    /** Reports of one run written further apart than this are not of one run (a long pipeline takes an hour or two). */
    public static final Duration SPREAD = Duration.ofHours(3);

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-A009", "stale-report",
                "A report written before this run's tests started (--since), or long before the other reports of the audit",
                "Delete old results before the tests run (rm -rf the results directory), and pass --since with the job's "
                        + "start time so that a report the run did not write fails the audit.");
    }

    @Override
    public List<Finding> check(AuditInput input) {
        return input.since().isPresent() ? writtenBeforeSince(input.reports(), input.since().get())
                : writtenLongBeforeTheNewest(input.reports());
    }

    /** Errors: the reports written before this run's tests started. */
    private List<Finding> writtenBeforeSince(List<ReportFile> reports, AuditInput.JobStart start) {
        List<Finding> out = new ArrayList<>();
        Instant since = start.at();
        for (ReportFile report : reports) {
            writtenBefore(report, since).ifPresent(written -> out.add(finding(report, Finding.Severity.ERROR,
                    written + ", " + age(written.at(), since) + " before " + start.from() + " " + instant(since)
                            + ": an earlier run's result, not this one's; " + sayNothing(report)
                            + " (a runner that died or never started leaves the last report in place)")));
        }
        return out;
    }

    /** Warnings: the reports written {@link #SPREAD} or more before the newest, by timestamps, else by file times. */
    private List<Finding> writtenLongBeforeTheNewest(List<ReportFile> reports) {
        Optional<ReportFile> newestStamp = reports.stream().filter(r -> r.stamped().isPresent())
                .max(Comparator.comparing(r -> r.stamped().get().earliestPossible()));
        Optional<ReportFile> newestFile = reports.stream().filter(r -> r.modified() != null)
                .max(Comparator.comparing(ReportFile::modified));
        List<Finding> out = new ArrayList<>();
        for (ReportFile report : reports) {
            newestStamp.flatMap(n -> stampedBefore(report, n.stamped().get().earliestPossible().minus(SPREAD))
                            .map(w -> leftover(report, w, n, n.stamped().get().at())))
                    .or(() -> newestFile.flatMap(n -> modifiedBefore(report, n.modified().minus(SPREAD))
                            .map(w -> leftover(report, w, n, n.modified()))))
                    .ifPresent(out::add);
        }
        return out;
    }

    private Finding leftover(ReportFile report, Written written, ReportFile newest, Instant newestAt) {
        return finding(report, Finding.Severity.WARNING, written + ", " + age(written.at(), newestAt) + " before "
                + newest.file() + ": a leftover of an earlier run? If so, " + sayNothing(report) + "; give --since the "
                + "job's start to be sure");
    }

    /** When a report was written, and what says so. */
    record Written(Instant at, String evidence) {
        @Override
        public String toString() {
            return "written " + evidence;
        }
    }

    /**
     * What says the report was written before {@code bar}: its zoned timestamp when it has one, or a timestamp
     * without a zone older in any zone; else the file's modification time.
     */
    static Optional<Written> writtenBefore(ReportFile report, Instant bar) {
        Optional<Written> stamped = stampedBefore(report, bar);
        if (stamped.isPresent() || report.stamped().filter(ReportTime::zoned).isPresent()) {
            return stamped;
        }
        return modifiedBefore(report, bar);
    }

    private static Optional<Written> stampedBefore(ReportFile report, Instant bar) {
        return report.stamped().filter(t -> t.latestPossible().isBefore(bar))
                .map(t -> new Written(t.at(), t + " by its timestamp"));
    }

    private static Optional<Written> modifiedBefore(ReportFile report, Instant bar) {
        return Optional.ofNullable(report.modified()).filter(m -> m.isBefore(bar))
                .map(m -> new Written(m, instant(m) + " by its file's time"));
    }

    private Finding finding(ReportFile report, Finding.Severity severity, String message) {
        return new Finding(id(), name(), severity, report.file(), 0, null, null, report.file() + ": " + message);
    }

    private static String sayNothing(ReportFile report) {
        long tests = report.format().equals("pytest-log") && report.collected() != null ? report.collected() : report.caseCount();
        return "its " + tests + (tests == 1 ? " test says" : " tests say") + " nothing about this run";
    }

    /** {@code 3 min}, {@code 5 h}, {@code 2 days}: how long before {@code later}, to the nearest unit. */
    static String age(Instant earlier, Instant later) {
        long minutes = Math.round(Duration.between(earlier, later).getSeconds() / 60.0);
        if (minutes >= 36 * 60) {
            return Math.round(minutes / 1440.0) + " days";
        }
        return minutes >= 90 ? Math.round(minutes / 60.0) + " h" : Math.max(1, minutes) + " min";
    }

    private static String instant(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
