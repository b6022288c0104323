package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greenlight audit} as a process, on reports the real tools wrote: exit codes, formats, baseline, live verdict. */
class AuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("src/test/resources/audit/fixtures").toAbsolutePath();

    @TempDir
    Path dir;

    private static String fixture(String name) {
        return FIXTURES.resolve(name).toString();
    }

    @Test
    void aCleanReportExitsZeroAndALyingOneExitsOneWithItsRuleFileAndLine() throws Exception {
        Cli.Result clean = Cli.run(Map.of(), "audit", fixture("pytest-clean.xml"), fixture("node-clean.xml"));
        Cli.Result lying = Cli.run(Map.of(), "audit", fixture("pytest-e2e-mock.xml"));

        assertThat(clean.exitCode()).as(clean.stdout()).isZero();
        assertThat(clean.stdout()).startsWith("greenlight audit: 2 reports, 2 suites, 7 tests: 0 errors, 0 warnings");
        assertThat(lying.exitCode()).isEqualTo(1);
        assertThat(lying.stdout()).contains("error    GL-A004 too-fast            " + fixture("pytest-e2e-mock.xml") + ":1: ")
                .contains("end-to-end suite 'pytest' passed 3 tests in").contains("falling back to mock client");
    }

    @Test
    void failOnDecidesWhichLevelFailsTheJob() throws Exception {
        Cli.Result warnOnly = Cli.run(Map.of(), "audit", fixture("surefire-flaky.xml"));
        Cli.Result strict = Cli.run(Map.of(), "audit", "--fail-on", "warning", fixture("surefire-flaky.xml"));

        assertThat(warnOnly.exitCode()).isZero();
        assertThat(warnOnly.stdout()).contains("GL-A006 flaky").contains("'chat.ChatTest.receivesEventsInOrder' passed only after 1 failed run");
        assertThat(strict.exitCode()).isEqualTo(1);
    }

    @Test
    void sarifAndJsonCarryTheStableRuleIds() throws Exception {
        Cli.Result sarif = Cli.run(Map.of(), "audit", "--format", "sarif", fixture("pytest-import-error.xml"));
        Cli.Result json = Cli.run(Map.of(), "audit", "--format", "json", fixture("pytest-import-error.xml"));

        JsonNode run = JSON.readTree(sarif.stdout()).get("runs").get(0);
        assertThat(JSON.readTree(sarif.stdout()).get("version").asText()).isEqualTo("2.1.0");
        assertThat(run.get("tool").get("driver").get("rules").findValuesAsText("id"))
                .containsExactly("GL-A001", "GL-A002", "GL-A003", "GL-A004", "GL-A005", "GL-A006", "GL-A007", "GL-A008", "GL-A009");
        JsonNode result = run.get("results").get(0);
        assertThat(result.get("ruleId").asText()).isEqualTo("GL-A002");
        assertThat(result.get("level").asText()).isEqualTo("error");
        assertThat(result.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText())
                .isEqualTo(fixture("pytest-import-error.xml"));
        JsonNode report = JSON.readTree(json.stdout());
        assertThat(report.get("findings").get(0).get("rule_id").asText()).isEqualTo("GL-A002");
        // pytest stops at a collection error: test_health.py never ran, so the only "test" is the broken module
        assertThat(report.get("test_ids")).extracting(JsonNode::asText).containsExactly("test_agent");
    }

    @Test
    void aBaselineNamesTheTestsThatDisappeared() throws Exception {
        Path before = dir.resolve("before.json");
        Cli.run(Map.of(), "audit", "--format", "json", "-o", before.toString(), fixture("pytest-clean.xml"));
        Path now = dir.resolve("now.xml");
        Files.writeString(now, Files.readString(FIXTURES.resolve("pytest-clean.xml")).replaceAll(
                "(?s)<testcase classname=\"tests.test_units\" name=\"test_joins\"[^>]*>.*?</testcase>", ""));

        Cli.Result r = Cli.run(Map.of(), "audit", "--baseline", before.toString(), now.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("GL-A007 shrinking-suite").contains("1 of the 5 tests of " + before + " are gone (4 now): "
                + "tests.test_units.test_joins");
    }

    @Test
    void aGreenEndToEndSuiteAgainstARedLiveVerdictIsFlaggedWithBothFacts() throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, "services: { api: { url: \"http://127.0.0.1:%d\", checks: { health: { http: /health } } } }"
                .formatted(TestServer.closedPort()));
        Path live = dir.resolve("verify.json");
        Cli.run(Map.of(), "verify", "-c", config.toString(), "-q", "--format", "json", "-o", live.toString());

        Cli.Result r = Cli.run(Map.of(), "audit", "--verify", live.toString(), fixture("pytest-clean.xml"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("GL-A008 green-contradicted").contains("end-to-end suite 'pytest' passed, but the live "
                + "verdict in " + live + " is NO-GO");
    }

    @Test
    void aDirectoryOrGlobWithNoReportIsNothingRanAndAnUnreadableReportIsSeventyEight() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("surefire-reports"));
        Path broken = dir.resolve("TEST-broken.xml");
        Files.writeString(broken, "<testsuite name=\"x\">\n  <testcase name=\"a\">\n</testsuite>\n");

        Cli.Result nothing = Cli.run(Map.of(), "audit", empty.toString(), dir + "/*.junit");
        Cli.Result unreadable = Cli.run(Map.of(), "audit", broken.toString());
        Cli.Result missing = Cli.run(Map.of(), "audit", dir.resolve("nope.xml").toString());
        Cli.Result none = Cli.run(Map.of(), "audit");

        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.stdout()).contains(empty + " holds no test report").contains(dir + "/*.junit holds no test report");
        assertThat(unreadable.exitCode()).isEqualTo(78);
        assertThat(unreadable.stderr()).startsWith("greenlight: " + broken + ":3:3: not a readable JUnit XML report: ")
                .doesNotContain("\tat ");
        assertThat(missing.exitCode()).isEqualTo(64);
        assertThat(missing.stderr()).contains("nope.xml: no such file or directory");
        assertThat(none.exitCode()).isEqualTo(64);
    }

    @Test
    void aWalkSkipsXmlThatIsNotAReportButANamedOneMustBeOne() throws Exception {
        Path reports = Files.createDirectory(dir.resolve("failsafe-reports"));
        Path summary = reports.resolve("failsafe-summary.xml");
        Files.writeString(summary, "<?xml version=\"1.0\"?>\n<failsafe-summary result=\"255\"/>\n");
        Files.copy(FIXTURES.resolve("pytest-clean.xml"), reports.resolve("TEST-clean.xml"));

        Cli.Result walked = Cli.run(Map.of(), "audit", reports.toString());
        Cli.Result named = Cli.run(Map.of(), "audit", summary.toString());

        assertThat(walked.exitCode()).as(walked.stderr()).isZero();
        assertThat(walked.stdout()).startsWith("greenlight audit: 1 report, 1 suite, 5 tests: 0 errors");
        assertThat(named.exitCode()).isEqualTo(78);
        assertThat(named.stderr()).contains(summary + ":2:").contains("the root element is <failsafe-summary>; expected "
                + "<testsuites> or <testsuite> (JUnit XML)");
    }

    @Test
    void aQuotedGlobIsExpandedByGreenlight() throws Exception {
        Cli.Result r = Cli.run(Map.of(), "audit", FIXTURES + "/pytest-clean.*", FIXTURES + "/node-*.xml");

        assertThat(r.stdout()).startsWith("greenlight audit: 4 reports, ");
        assertThat(r.stdout()).contains("GL-A001").contains("node-empty.xml");
    }

    @Test
    void sinceFailsTheJobOnAReportTheRunDidNotWriteAndRefusesATimeItCannotRead() throws Exception {
        Path leftover = Files.copy(FIXTURES.resolve("surefire-flaky.xml"), dir.resolve("TEST-leftover.xml"));
        Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
        long jobStart = java.time.Instant.now().minusSeconds(600).getEpochSecond();

        Cli.Result stale = Cli.run(Map.of(), "audit", "--format", "json", "--since", Long.toString(jobStart), leftover.toString());
        Cli.Result later = Cli.run(Map.of(), "audit", "--since", "3h", leftover.toString());
        Cli.Result millis = Cli.run(Map.of(), "audit", "--since", jobStart + "000", leftover.toString());
        Cli.Result words = Cli.run(Map.of(), "audit", "--since", "yesterday", leftover.toString());

        assertThat(stale.exitCode()).as(stale.stderr()).isEqualTo(1);
        JsonNode finding = JSON.readTree(stale.stdout()).get("findings").get(0);
        assertThat(finding.get("rule_id").asText()).isEqualTo("GL-A009");
        assertThat(finding.get("message").asText()).contains("by its file's time, 2 h before --since");
        assertThat(later.exitCode()).as(later.stdout()).isZero();
        assertThat(millis.exitCode()).isEqualTo(64);
        assertThat(millis.stderr()).contains("is in the future").contains("(epoch seconds, not milliseconds)");
        assertThat(words.exitCode()).isEqualTo(64);
        assertThat(words.stderr()).contains("--since must be an ISO-8601 time").contains("got 'yesterday'");
    }

    @Test
    void gitlabsJobStartIsTheSinceOfAJobThatGaveNone() throws Exception {
        Path leftover = Files.copy(FIXTURES.resolve("surefire-flaky.xml"), dir.resolve("TEST-leftover.xml"));
        Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
        String jobStart = java.time.Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .atOffset(java.time.ZoneOffset.ofHours(1)).toString(); // as GitLab writes it: 2026-11-28T09:50:00+01:00

        Cli.Result gitlab = Cli.run(Map.of("CI_JOB_STARTED_AT", jobStart), "audit", "--format", "json", leftover.toString());
        Cli.Result flagWins = Cli.run(Map.of("CI_JOB_STARTED_AT", jobStart), "audit", "--since", "3h", leftover.toString());
        Cli.Result garbled = Cli.run(Map.of("CI_JOB_STARTED_AT", "Saturday"), "audit", leftover.toString());

        assertThat(gitlab.exitCode()).as(gitlab.stderr()).isEqualTo(1);
        JsonNode finding = JSON.readTree(gitlab.stdout()).get("findings").get(0);
        assertThat(finding.get("rule_id").asText()).isEqualTo("GL-A009");
        assertThat(finding.get("message").asText()).contains("by its file's time, 2 h before CI_JOB_STARTED_AT");
        assertThat(flagWins.exitCode()).as(flagWins.stdout()).isZero();
        assertThat(garbled.exitCode()).as(garbled.stdout()).isZero();
        assertThat(garbled.stderr()).contains("CI_JOB_STARTED_AT='Saturday' is not a time");
    }
}
