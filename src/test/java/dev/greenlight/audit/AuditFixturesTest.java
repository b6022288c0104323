package dev.greenlight.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.finding.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each rule against reports the real tools wrote (src/test/resources/audit/make-fixtures.sh ran pytest with
 * pytest-asyncio, node's test runner and Maven Surefire on tiny projects): the lies are found, and the clean
 * reports give no finding at all.
 */
class AuditFixturesTest {

    static final Path FIXTURES = Path.of("src/test/resources/audit/fixtures");

    static List<Finding> audit(String... files) throws Exception {
        List<ReportFile> reports = new java.util.ArrayList<>();
        for (String file : files) {
            reports.add(ReportReader.read(FIXTURES.resolve(file)));
        }
        return Auditor.audit(new AuditInput(reports, List.of(), AuditInput.DEFAULT_E2E, Duration.ofMillis(50),
                Duration.ofSeconds(1), 0.2, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            pytest-collected-0.xml   | GL-A001
            pytest-collected-0.log   | GL-A001
            pytest-import-error.xml  | GL-A002
            pytest-import-error.log  | GL-A002
            pytest-never-awaited.xml | GL-A003 GL-A005
            pytest-never-awaited.log | GL-A005
            pytest-e2e-mock.xml      | GL-A004
            pytest-swallowed.xml     | GL-A005
            pytest-e2e-skipped.xml   | GL-A003
            node-empty.xml           | GL-A001
            surefire-flaky.xml       | GL-A006
            pytest-flaky.log         | GL-A006
            jest-e2e-mock.xml        | GL-A004
            jest-clean.xml           |
            pytest-flaky.xml         |
            pytest-clean.xml         |
            pytest-clean.log         |
            node-clean.xml           |
            node-e2e.tap             | GL-A004 GL-A003
            bats-skipped.tap         | GL-A003
            bats-died.tap            | GL-A001
            perl-bail-out.tap        | GL-A001
            node-killed.tap          | GL-A001
            bats-clean.tap           |
            go-no-tests-to-run.json  | GL-A001
            go-e2e-mock.json         | GL-A004
            go-build-failed.json     | GL-A002
            go-clean.json            |
            """)
    void eachRealReportGivesExactlyItsRules(String file, String rules) throws Exception {
        Set<String> expected = rules == null ? Set.of() : Set.of(rules.trim().split(" "));

        List<Finding> findings = audit(file);

        assertThat(findings.stream().map(Finding::ruleId).collect(Collectors.toSet())).as(findings.toString())
                .isEqualTo(expected);
        assertThat(findings).allSatisfy(f -> assertThat(f.message()).contains(f.file() == null ? "" : f.file()));
    }

    @Test
    void aSuiteThatListsFewerTestsThanItDeclaresHasTestsWithNoResult(@TempDir Path dir) throws Exception {
        // pytest's own clean report with its last test case lost (a runner killed while writing it, a bad merge)
        String clean = Files.readString(FIXTURES.resolve("pytest-clean.xml"));
        int last = clean.lastIndexOf("<testcase ");
        String cut = clean.substring(0, last) + clean.substring(clean.indexOf("</testcase>", last) + "</testcase>".length());
        Path file = Files.writeString(dir.resolve("cut.xml"), cut);

        List<Finding> findings = Auditor.audit(new AuditInput(List.of(ReportReader.read(file)), List.of(), AuditInput.DEFAULT_E2E,
                Duration.ofMillis(50), Duration.ofSeconds(1), 0.2, Optional.empty(), Optional.empty(), Optional.empty()));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("GL-A001");
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.message()).endsWith("suite 'pytest' declares 5 tests and lists 4: 1 has no result (the report was cut "
                    + "short, or lost cases when merged)");
        });
    }

    @Test
    void tapIsReadAsItsLeafTestsNamedAfterTheirParentsWithTheirPlanDirectivesAndTimes() throws Exception {
        ReportFile node = ReportReader.read(FIXTURES.resolve("node-e2e.tap"));
        ReportFile died = ReportReader.read(FIXTURES.resolve("bats-died.tap"));

        assertThat(node.format()).isEqualTo("tap");
        assertThat(node.suites().get(0).cases()).extracting(TestCase::id, TestCase::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("chat e2e.sends a message", TestCase.Outcome.PASSED),
                org.assertj.core.groups.Tuple.tuple("chat e2e.receives the agent events", TestCase.Outcome.SKIPPED));
        assertThat(node.suites().get(0).cases().get(0).time()).isPositive().isLessThan(Duration.ofMillis(50));
        assertThat(node.suites().get(0).cases().get(1).message()).isEqualTo("SKIP: STAGING_URL not set");
        assertThat(died.suites().get(0).declaredTests()).isEqualTo(3);
        assertThat(died.suites().get(0).cases()).hasSize(1);
        assertThat(audit("perl-bail-out.tap")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("the run was cut short (Bail out! database unreachable) after 1 of its 3 tests: 2 have no result"));
        assertThat(audit("bats-died.tap")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("declares 3 tests and lists 1: 2 have no result"));
    }

    @Test
    void goTestJsonIsASuitePerPackageOfItsLeafTestsAndABuildFailureNeverStarted() throws Exception {
        ReportFile clean = ReportReader.read(FIXTURES.resolve("go-clean.json"));
        ReportFile e2e = ReportReader.read(FIXTURES.resolve("go-e2e-mock.json"));

        assertThat(clean.format()).isEqualTo("go-test-json");
        assertThat(clean.suites()).extracting(TestSuite::name).as("a package without test files is no suite")
                .containsExactly("example.com/shop/cart");
        assertThat(clean.suites().get(0).cases()).extracting(TestCase::id)
                .containsExactly("example.com/shop/cart.TestTotal", "example.com/shop/cart.TestEmptyTotal");
        assertThat(e2e.suites().get(0).cases()).extracting(TestCase::name)
                .containsExactly("TestCheckout/cart", "TestCheckout/pay");
        assertThat(audit("go-build-failed.json")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("never started: build failed: ./broken_test.go:6:12: undefined: Expected"));
        assertThat(audit("go-no-tests-to-run.json")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("go-no-tests-to-run.json: the report lists 0 tests"));
    }
}
