package dev.greenlight.audit;

import java.util.List;

/**
 * One result file, read: JUnit XML (its suites) or a pytest terminal log (what it says it collected, the
 * collection errors and warnings it lists, which JUnit XML drops).
 *
 * @param collected       "collected N items" of a pytest log (null when the file does not say)
 * @param collectionErrors "N errors during collection" of a pytest log
 * @param warnings        warning lines of a pytest log's warnings summary
 * @param reruns          "N rerun" of a pytest log's last line (pytest-rerunfailures; its JUnit XML keeps only the pass)
 */
public record ReportFile(String file, String format, List<TestSuite> suites, Integer collected, int collectionErrors,
                         List<String> warnings, int reruns) {

    public ReportFile {
        suites = List.copyOf(suites);
        warnings = List.copyOf(warnings);
    }

    public static ReportFile junit(String file, String format, List<TestSuite> suites) {
        return new ReportFile(file, format, suites, null, 0, List.of(), 0);
    }

    public long caseCount() {
        return suites.stream().mapToLong(s -> s.cases().size()).sum();
    }
}
