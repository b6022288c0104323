package dev.greenlight.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the rules read: the reports, the places given that held none, and the options.
 *
 * @param emptyPlaces  directories or patterns given that matched no report
 * @param e2e          names (suite, class, file, property values) that mark end-to-end or integration tests
 * @param minCaseTime  an e2e case faster than this did not talk to a real system
 * @param minSuiteTime an e2e suite faster than this did not either
 * @param maxSkipped   a share of skipped cases above which a run is suspect (0..1)
 * @param baseline     the test ids of a previous audit, for the shrinking-suite rule
 * @param liveVerdict  the verdict of a Greenlight verify run of the same environment, with its file
 * @param since        when this run's tests started: a report written before it is an earlier run's
 */
public record AuditInput(List<ReportFile> reports, List<String> emptyPlaces, Pattern e2e, Duration minCaseTime,
                         Duration minSuiteTime, double maxSkipped, Optional<Baseline> baseline,
                         Optional<LiveVerdict> liveVerdict, Optional<JobStart> since) {

    public static final Pattern DEFAULT_E2E = Pattern.compile("(?i)(e2e|end[-_ ]?to[-_ ]?end|integration|staging|smoke)");

    public AuditInput {
        reports = List.copyOf(reports);
        emptyPlaces = List.copyOf(emptyPlaces);
    }

    /** When this run's tests started, and who said so ({@code --since}, or the CI's variable {@code CI_JOB_STARTED_AT}). */
    public record JobStart(Instant at, String from) {
    }

    /** The test ids of an earlier audit's JSON report. */
    public record Baseline(String file, List<String> testIds) {
        public Baseline {
            testIds = List.copyOf(testIds);
        }
    }

    public record LiveVerdict(String file, String verdict, List<String> reasons) {
        public LiveVerdict {
            reasons = List.copyOf(reasons);
        }
    }

    /** Whether a suite is end-to-end or integration by its name, file, or properties (pytest markers and the like). */
    public boolean isEndToEnd(TestSuite suite) {
        if (e2e.matcher(suite.name()).find() || e2e.matcher(fileName(suite.file())).find()) {
            return true;
        }
        return suite.properties().entrySet().stream()
                .anyMatch(p -> e2e.matcher(p.getKey()).find() || e2e.matcher(p.getValue()).find())
                || suite.cases().stream().anyMatch(c -> c.classname() != null && e2e.matcher(c.classname()).find());
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
