package dev.greenlight.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.finding.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GL-A009 on reports the real tools wrote, with the file times and timestamps a reused workspace, a restored cache or
 * a fresh checkout gives them.
 */
class StaleReportTest {

    private static final Path FIXTURES = Path.of("src/test/resources/audit/fixtures");
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    /** A copy of a fixture with its file time set, and its timestamp replaced when {@code timestamp} is given. */
    private Path report(String fixture, String name, Instant modified, String timestamp) throws Exception {
        String xml = Files.readString(FIXTURES.resolve(fixture));
        if (timestamp != null) {
            xml = xml.replaceFirst("timestamp=\"[^\"]*\"", "timestamp=\"" + timestamp + "\"");
        }
        Path file = Files.writeString(dir.resolve(name), xml);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static List<Finding> stale(Optional<Instant> since, Path... files) throws Exception {
        List<ReportFile> reports = new ArrayList<>();
        for (Path file : files) {
            reports.add(ReportReader.read(file));
        }
        return Auditor.audit(new AuditInput(reports, List.of(), AuditInput.DEFAULT_E2E, Duration.ofMillis(50),
                Duration.ofSeconds(1), 0.2, Optional.empty(), Optional.empty(),
                since.map(at -> new AuditInput.JobStart(at, "--since")))).stream()
                .filter(f -> f.ruleId().equals("GL-A009")).toList();
    }

    @Test
    void aSurefireReportLeftFromYesterdaysRunIsAnErrorAgainstSinceAndTodaysIsNot() throws Exception {
        Path leftover = report("surefire-flaky.xml", "TEST-old.xml", NOW.minus(Duration.ofHours(20)), null);
        Path fresh = report("surefire-flaky.xml", "TEST-new.xml", NOW.minus(Duration.ofMinutes(2)), null);

        List<Finding> findings = stale(Optional.of(NOW.minus(Duration.ofMinutes(10))), leftover, fresh);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(leftover.toString());
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.message()).contains("by its file's time, 20 h before --since")
                    .contains("an earlier run's result").contains("its 2 tests say nothing about this run");
        });
    }

    @Test
    void aZonedTimestampOutweighsTheNewFileTimeACheckoutGives() throws Exception {
        Path committed = report("pytest-clean.xml", "committed.xml", NOW, NOW.minus(Duration.ofHours(3)) + "");
        Path thisRun = report("pytest-clean.xml", "this-run.xml", NOW.minus(Duration.ofHours(5)),
                NOW.minus(Duration.ofMinutes(5)).toString());

        List<Finding> findings = stale(Optional.of(NOW.minus(Duration.ofHours(1))), committed, thisRun);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(committed.toString());
            assertThat(f.message()).contains("written " + NOW.minus(Duration.ofHours(3)) + " by its timestamp, 2 h before");
        });
    }

    @Test
    void aTimestampWithoutAZoneCountsOnlyWhenNoZoneExplainsIt() throws Exception {
        String hoursAgo = java.time.LocalDateTime.now().minusHours(5).withNano(0).toString(); // pytest's local time
        String daysAgo = java.time.LocalDateTime.now().minusDays(3).withNano(0).toString();
        Path recent = report("pytest-clean.xml", "recent.xml", NOW, hoursAgo);
        Path old = report("pytest-clean.xml", "old.xml", NOW, daysAgo);

        List<Finding> findings = stale(Optional.of(NOW.minus(Duration.ofHours(1))), recent, old);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(old.toString());
            assertThat(f.message()).contains("written " + daysAgo + " (no zone) by its timestamp, 3 days before");
        });
    }

    @Test
    void withoutSinceAReportFarOlderThanTheOthersIsAWarningAndReportsOfOneRunAreNot() throws Exception {
        Path unit = report("surefire-flaky.xml", "TEST-unit.xml", NOW.minus(Duration.ofMinutes(20)), null);
        Path e2e = report("surefire-flaky.xml", "TEST-e2e.xml", NOW.minus(Duration.ofMinutes(1)), null);
        Path leftover = report("surefire-flaky.xml", "TEST-gone.xml", NOW.minus(Duration.ofDays(2)), null);

        assertThat(stale(Optional.empty(), unit, e2e)).isEmpty();
        assertThat(stale(Optional.empty(), unit, e2e, leftover)).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(leftover.toString());
            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.message()).contains("2 days before " + e2e).contains("a leftover of an earlier run?");
        });
    }

    @Test
    void committedReportsFreshlyCheckedOutAreNotComparedByTheirFileTimesWithTheirTimestamps() throws Exception {
        Path pytest = report("pytest-clean.xml", "pytest.xml", NOW, null); // timestamp of 2026-11-24, no zone
        Path surefire = report("surefire-flaky.xml", "TEST-unit.xml", NOW, null); // no timestamp

        assertThat(stale(Optional.empty(), pytest, surefire)).isEmpty();
    }
}
