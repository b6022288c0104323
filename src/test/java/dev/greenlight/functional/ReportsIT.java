package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged CLI writing several reports in one run, the step summary, the baseline, and greenlight diff. */
class ReportsIT {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    @TempDir
    Path dir;

    private Path plan(String healthPath) throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, """
                environment: staging
                services:
                  api: { url: "%s", checks: { health: { http: "%s" }, info: { http: /ok } } }
                """.formatted(server.url(""), healthPath), StandardCharsets.UTF_8);
        return config;
    }

    @Test
    void oneRunWritesEveryReportNamedAndTheConsoleReportStillGoesToStdout() throws Exception {
        Path config = plan("/status?code=503");
        Path junit = dir.resolve("greenlight.xml");
        Path html = dir.resolve("greenlight.html");
        Path md = dir.resolve("summary.md");
        Path json = dir.resolve("run.json");

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString(), "-q", "--format", "json", "-o", json.toString(),
                "--report", "junit=" + junit, "--report", "html=" + html, "--report", "markdown=" + md);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).startsWith("NO-GO  exit 1");
        assertThat(Files.readString(junit)).contains("<testcase name=\"health\" classname=\"api\"").contains("type=\"HTTP_STATUS\"");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<h1 id=\"verdict\">NO-GO</h1>");
        assertThat(Files.readString(md)).startsWith("## ❌ NO-GO · staging");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("verdict").asText()).isEqualTo("NO-GO");
        assertThat(report.get("command").asText()).startsWith("greenlight verify -c ").contains("--report junit=" + junit);
        assertThat(report.get("config_sha256").asText()).hasSize(64);
        assertThat(Files.readString(html)).contains(report.get("config_sha256").asText());
    }

    @Test
    void aReportFileThatCannotBeWrittenExitsSeventyFourBeforeAnyProbe() throws Exception {
        Path config = plan("/ok");
        int before = server.hits("/ok");

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString(), "--report", "junit=/no/such/dir/greenlight.xml");
        Cli.Result o = Cli.run(Map.of(), "verify", "-c", config.toString(), "-o", dir.toString());

        assertThat(r.exitCode()).isEqualTo(74);
        assertThat(r.stderr()).contains("--report junit=/no/such/dir/greenlight.xml: the directory /no/such/dir does not exist");
        assertThat(o.exitCode()).isEqualTo(74);
        assertThat(o.stderr()).contains("is a directory; expected a file name");
        assertThat(server.hits("/ok")).as("no probe ran").isEqualTo(before);
    }

    @Test
    void aWrongReportOptionIsBadUsage() throws Exception {
        Path config = plan("/ok");

        Cli.Result noEquals = Cli.run(Map.of(), "verify", "-c", config.toString(), "--report", "junit");
        Cli.Result unknown = Cli.run(Map.of(), "verify", "-c", config.toString(), "--report", "pdf=x.pdf");

        assertThat(noEquals.exitCode()).isEqualTo(64);
        assertThat(noEquals.stderr()).contains("'junit' is not FORMAT=FILE");
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.stderr()).contains("'pdf' is not a report format; expected one of console, json, junit, html, markdown");
    }

    @Test
    void markdownIsAppendedToTheGithubStepSummaryWhenTheVariableIsSet() throws Exception {
        Path config = plan("/ok");
        Path summary = dir.resolve("step_summary.md");
        Files.writeString(summary, "earlier step\n");

        Cli.Result md = Cli.run(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), "verify", "-c", config.toString(), "-q",
                "--format", "markdown");
        String afterMarkdown = Files.readString(summary);
        Cli.Result console = Cli.run(Map.of("GITHUB_STEP_SUMMARY", summary.toString()), "verify", "-c", config.toString(), "-q");

        assertThat(md.exitCode()).isZero();
        assertThat(md.stdout()).startsWith("## ✅ GO · staging");
        assertThat(afterMarkdown).startsWith("earlier step\n## ✅ GO · staging").contains("All 2 checks passed.");
        assertThat(console.exitCode()).isZero();
        assertThat(Files.readString(summary)).as("the console format does not touch it").isEqualTo(afterMarkdown);
    }

    @Test
    void theBaselineRunAndGreenlightDiffAgreeOnWhatChanged() throws Exception {
        Path green = dir.resolve("green.json");
        Path red = dir.resolve("red.json");
        Cli.Result first = Cli.run(Map.of(), "verify", "-c", plan("/ok").toString(), "-q", "--format", "json", "-o", green.toString());
        Cli.Result second = Cli.run(Map.of(), "verify", "-c", plan("/status?code=500").toString(), "-q", "--no-color",
                "--baseline", green.toString(), "--report", "json=" + red);

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stdout()).contains("Since the baseline\n  verdict GO -> NO-GO since " + green)
                .contains("  new failure: api.health FAIL HTTP_STATUS (was PASS)\n");
        JsonNode baseline = new ObjectMapper().readTree(red.toFile()).get("baseline");
        assertThat(baseline.get("verdict_before").asText()).isEqualTo("GO");
        assertThat(baseline.get("new_failures").get(0).get("id").asText()).isEqualTo("api.health");

        Cli.Result worse = Cli.run(Map.of(), "diff", green.toString(), red.toString());
        // a generous factor: the first run's first answers carry its cold JVM, which is not what this test is about
        Cli.Result better = Cli.run(Map.of(), "diff", "--slow-factor", "50", red.toString(), green.toString());

        assertThat(worse.exitCode()).isEqualTo(1);
        assertThat(worse.stdout()).contains("new failure: api.health FAIL HTTP_STATUS (was PASS)");
        assertThat(better.exitCode()).as(better.stdout()).isZero();
        assertThat(better.stdout()).startsWith("verdict NO-GO -> GO since " + red).contains("fixed: api.health (was FAIL HTTP_STATUS)");
    }

    @Test
    void aFileThatIsNotAGreenlightReportOrIsNewerIsAConfigurationErrorNamingTheFileAndField() throws Exception {
        Path notOurs = dir.resolve("other.json");
        Files.writeString(notOurs, "{\"tests\": 3}");
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, "{\"schema_version\": 99, \"verdict\": \"GO\", \"phases\": []}");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"schema_version\": 1,\n \"phases\": [ }");
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, "{\"schema_version\": 1,\n \"environment\": \"caf\u00e9\", \"phases\": []}"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        Cli.Result a = Cli.run(Map.of(), "diff", notOurs.toString(), newer.toString());
        Cli.Result b = Cli.run(Map.of(), "verify", "-c", plan("/ok").toString(), "--baseline", newer.toString());
        Cli.Result c = Cli.run(Map.of(), "diff", broken.toString(), newer.toString());

        assertThat(a.exitCode()).isEqualTo(78);
        assertThat(a.stderr()).contains(notOurs + ": not a Greenlight JSON report (no 'schema_version' and 'phases')");
        assertThat(b.exitCode()).isEqualTo(78);
        assertThat(b.stderr()).contains("--baseline " + newer + ": 'schema_version' is 99, newer than this greenlight reads (1)");
        assertThat(c.exitCode()).isEqualTo(78);
        assertThat(c.stderr()).contains(broken + ":2:").contains("not JSON").doesNotContain("\tat ");
        Cli.Result d = Cli.run(Map.of(), "diff", latin1.toString(), latin1.toString());
        assertThat(d.exitCode()).isEqualTo(78);
        assertThat(d.stderr()).contains(latin1 + ":2:").contains("Invalid UTF-8").doesNotContain("Input length");
    }

    /** Regression: a report went through a temporary file renamed over the target, so as root -o /dev/null made it a file. */
    @Test
    void aReportToAPipeIsWrittenIntoItAndAPipeItStays() throws Exception {
        Path fifo = dir.resolve("report.pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo, StandardCharsets.UTF_8); // blocks until greenlight opens the pipe
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", plan("/ok").toString(), "-q", "--format", "json", "-o", fifo.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Files.isRegularFile(fifo)).isFalse();
        String json = read.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(new ObjectMapper().readTree(json).get("verdict").asText()).isEqualTo("GO");
    }

    @Test
    void aReportThroughASymbolicLinkReplacesItsTargetAndLeavesTheLink() throws Exception {
        Path reports = Files.createDirectory(dir.resolve("reports"));
        Path target = Files.writeString(reports.resolve("last.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("latest.json"), target);

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", plan("/ok").toString(), "-q", "--format", "json", "-o", link.toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(new ObjectMapper().readTree(Files.readString(target)).get("verdict").asText()).isEqualTo("GO");
        try (java.util.stream.Stream<Path> left = Files.list(reports)) {
            assertThat(left).containsExactly(target); // no temporary file left beside it
        }
    }
}
