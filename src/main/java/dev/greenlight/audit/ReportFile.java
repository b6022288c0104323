package dev.greenlight.audit;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One result file, read: JUnit XML (its suites) or a pytest terminal log (what it says it collected, the
 * collection errors and warnings it lists, which JUnit XML drops), and when it was written.
 *
 * @param collected       "collected N items" of a pytest log (null when the file does not say)
 * @param collectionErrors "N errors during collection" of a pytest log
 * @param warnings        warning lines of a pytest log's warnings summary
 * @param reruns          "N rerun" of a pytest log's last line (pytest-rerunfailures; its JUnit XML keeps only the pass)
 * @param modified        the file's modification time (null until {@link #modifiedAt} sets it)
 * @param cutShort        why the report says it ended before its tests did (a TAP "Bail out!", a TAP stream without its
 *                        plan), or null
 */
public record ReportFile(String file, String format, List<TestSuite> suites, Integer collected, int collectionErrors,
                         List<String> warnings, int reruns, Instant modified, String cutShort) {

    public ReportFile {
        suites = List.copyOf(suites);
        warnings = List.copyOf(warnings);
    }

    public static ReportFile junit(String file, String format, List<TestSuite> suites) {
        return new ReportFile(file, format, suites, null, 0, List.of(), 0, null, null);
    }

    public ReportFile modifiedAt(Instant time) {
        return new ReportFile(file, format, suites, collected, collectionErrors, warnings, reruns, time, cutShort);
    }

    /** The latest {@code timestamp} its suites declare (when the last of them started), if any declares one. */
    public Optional<ReportTime> stamped() {
        return suites.stream().map(TestSuite::timestamp).filter(Objects::nonNull).max(Comparator.comparing(ReportTime::at));
    }

    public long caseCount() {
        return suites.stream().mapToLong(s -> s.cases().size()).sum();
    }
}
