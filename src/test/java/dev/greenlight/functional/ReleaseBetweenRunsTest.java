package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.greenlight.config.Secrets;
import dev.greenlight.issues.IssueDrafter;
import dev.greenlight.plan.RunResult;
import dev.greenlight.report.ConsoleReport;
import dev.greenlight.report.HtmlReport;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunDiff;
import dev.greenlight.report.SavedReport;
import dev.greenlight.report.Style;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The version each service said it runs is evidence in every report, and beside a baseline run it names the release that
 * came between a green run and a red one: "since api went 1.4.1 -> 1.4.2".
 */
class ReleaseBetweenRunsTest {

    private HttpServer server;
    private volatile String apiVersion = "1.4.1";
    private volatile int apiStatus = 200;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackHttp.server();
        server.createContext("/api", ex -> LoopbackHttp.send(ex, apiStatus, "application/json",
                "{\"status\": \"" + (apiStatus == 200 ? "ok" : "down") + "\", \"version\": \"" + apiVersion + "\"}"));
        server.createContext("/auth", ex -> {
            ex.getResponseHeaders().add("X-Revision", "auth-00041");
            LoopbackHttp.send(ex, 200, "text/plain", "OK");
        });
        server.createContext("/db", ex -> LoopbackHttp.send(ex, 200, "application/json", "{\"status\": \"ok\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RunResult run(String authExpected) throws Exception {
        return Runs.run("""
                services:
                  api: { url: "http://127.0.0.1:%1$d", checks: { health: { http: /api } } }
                  auth: { url: "http://127.0.0.1:%1$d", expected_version: %2$s, checks: { health: { http: /auth } } }
                  db: { url: "http://127.0.0.1:%1$d", checks: { health: { http: /db } } }
                """.formatted(server.getAddress().getPort(), authExpected));
    }

    @Test
    void eachServicesVersionIsEvidenceInTheConsoleJsonAndHtmlReports() throws Exception {
        RunResult run = run("auth-00042");
        ReportInput in = ReportInput.of(run, Secrets.none());

        String console = ConsoleReport.render(in, new Style(false));
        JsonNode versions = JsonReport.tree(in).get("diagnosis").get("versions");

        assertThat(console).contains("\n  versions: api 1.4.1, auth auth-00041 (expected auth-00042)\n");
        assertThat(versions.get("api").get("version").asText()).isEqualTo("1.4.1");
        assertThat(versions.get("api").get("where").asText()).isEqualTo("body 'version'");
        assertThat(versions.get("api").has("expected")).isFalse();
        assertThat(versions.get("auth").get("where").asText()).isEqualTo("header x-revision");
        assertThat(versions.get("auth").get("expected").asText()).isEqualTo("auth-00042");
        assertThat(versions.get("auth").get("confirmed").asBoolean()).isFalse();
        assertThat(versions.has("db")).as("a service that said no version").isFalse();
        assertThat(HtmlReport.render(in)).contains("versions: api 1.4.1, auth auth-00041 (expected auth-00042)");
        assertThat(ConsoleReport.render(ReportInput.of(run("auth-00041"), Secrets.none()), new Style(false)))
                .contains("\n  versions: api 1.4.1, auth auth-00041\n");
        dev.greenlight.watch.WatchState watching = new dev.greenlight.watch.WatchState(5);
        watching.add(run, in.diagnosis());
        assertThat(new dev.greenlight.watch.StatusPage(watching, Secrets.none()).render())
                .contains("<tr class=\"service\"><td>api</td><td class=\"version\">1.4.1</td>")
                .contains("<tr class=\"service\"><td>db</td><td class=\"version\"></td>");
    }

    @Test
    void aReleaseBetweenAGreenRunAndARedOneIsNamedBesideItsNewFailures() throws Exception {
        SavedReport green = saved(run("auth-00041"), "green.json");
        apiVersion = "1.4.2";
        apiStatus = 500;
        RunResult redRun = run("auth-00041");
        SavedReport red = saved(redRun, "red.json");

        RunDiff diff = RunDiff.between(green, red, 2.0);

        assertThat(diff.versionChanges()).containsExactly(new RunDiff.VersionChange("api", "1.4.1", "1.4.2"));
        assertThat(diff.lines()).contains("new version: api 1.4.1 -> 1.4.2",
                "new failure: api.health FAIL HTTP_STATUS (was PASS), since api went 1.4.1 -> 1.4.2");
        JsonNode changes = JsonReport.tree(ReportInput.of(redRun, Secrets.none()).withDiff(diff)).get("baseline").get("version_changes");
        assertThat(changes.get(0).get("before").asText()).isEqualTo("1.4.1");
        assertThat(changes.get(0).get("after").asText()).isEqualTo("1.4.2");
        assertThat(RunDiff.between(green, green, 2.0).versionChanges()).isEmpty();
        assertThat(IssueDrafter.drafts(red)).singleElement().satisfies(d -> assertThat(d.parts().run()).contains("Version: api 1.4.2"));
    }

    private static SavedReport saved(RunResult run, String name) throws Exception {
        return SavedReport.from(JsonReport.tree(ReportInput.of(run, Secrets.none())), name);
    }
}
