package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A maintenance switch left on after a deploy answers every path with its page; served with 200 (nginx's
 * {@code try_files /maintenance.html @app}), every check of the site passed.
 */
class MaintenancePageTest {

    private static final String PAGE = "<!DOCTYPE html><html><head><title>Site Maintenance</title></head><body><h1>We&rsquo;ll "
            + "be back soon!</h1><p>Sorry for the inconvenience, we are performing some maintenance.</p></body></html>";

    @TempDir
    Path root;

    @Test
    void aMaintenancePageServedWith200IsNotTheSiteAnswering() throws Exception {
        try (TestServer app = new TestServer(); RealServers.Nginx nginx = RealServers.Nginx.withMaintenanceSwitch(root, app.port())) {
            String plan = """
                    services:
                      api: { url: "http://127.0.0.1:%d", checks: { health: { http: /ok }, home: { http: / } } }
                    """.formatted(nginx.port);
            RunResult live = Runs.run(plan.replace("http: / }", "http: /echo }"));

            Files.writeString(root.resolve("maintenance.html"), PAGE); // the switch, as a deploy script turns it on
            RunResult maintenance = Runs.run(plan);

            assertThat(live.verdict()).as(live.reasons().toString()).isEqualTo(Verdict.GO);
            assertThat(maintenance.verdict()).isEqualTo(Verdict.NO_GO);
            for (CheckResult c : maintenance.checks()) {
                assertThat(c.signature()).isEqualTo(FailureSignature.MAINTENANCE_PAGE);
                assertThat(c.detail()).contains("HTTP 200, a maintenance page ('Site Maintenance')");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            <html><head><title>Down for Maintenance</title></head><body></body></html>                            | MAINTENANCE_PAGE
            <html><body><h1>We'll be back soon!</h1></body></html>                                                | MAINTENANCE_PAGE
            <html><body><h1>We&#8217;ll be back soon</h1></body></html>                                           | MAINTENANCE_PAGE
            <html><head><title>Service Temporarily Unavailable</title></head></html>                              | MAINTENANCE_PAGE
            <html><head><title>Maintenance</title></head></html>                                                  | MAINTENANCE_PAGE
            <html><head><title>Fleet Maintenance Pro: work orders</title></head><body><h1>Dashboard</h1></body></html> | NONE
            <html><head><title>Acme Status</title></head><body><h2>Scheduled Maintenance</h2></body></html>        | NONE
            <html><head><title>Docs</title></head><body><p>The site goes down for maintenance on Sundays.</p></body></html> | NONE
            {"status": "ok", "note": "maintenance window at 02:00"}                                               | NONE
            """)
    void aMaintenancePageIsKnownByItsTitleOrHeading(String page, FailureSignature expected) throws Exception {
        CheckResult home = LoopbackHttp.pageCheck(page);

        assertThat(home.signature()).as(home.detail()).isEqualTo(expected);
    }
}
