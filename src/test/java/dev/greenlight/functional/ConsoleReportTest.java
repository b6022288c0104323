package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.Secrets;
import dev.greenlight.plan.RunResult;
import dev.greenlight.report.ConsoleReport;
import dev.greenlight.report.Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console report of real runs: verdict first, the failing check with its evidence, long phases collapsed. */
class ConsoleReportTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    @Test
    void aLongPhaseListsOnlyWhatDidNotPass() throws Exception {
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            checks.append("      ok").append(i).append(": { http: /ok }\n");
        }
        checks.append("      broken: { http: /unavailable, expect: [\"[STATUS] == 200\"] }\n");
        RunResult run = Runs.run("""
                services:
                  fleet:
                    url: %s
                    checks:
                %s""".formatted(server.url(""), checks));

        String report = ConsoleReport.render(run, Secrets.none(), new Style(false));

        assertThat(report).startsWith("NO-GO  exit 1");
        assertThat(report).contains("x fleet.broken").contains("HTTP_STATUS: [STATUS] == 200 failed (actual: 503)");
        assertThat(report).contains("+ 30 more passed").doesNotContain("fleet.ok1 ");
    }

    @Test
    void aShortPhaseListsEveryCheckAndColourIsOnlyOnRequest() throws Exception {
        RunResult run = Runs.run("""
                services:
                  web: { url: %s, checks: { health: { http: /ok }, ready: { http: "/flaky?fail=1", retries: 1 } } }
                """.formatted(server.url("")));

        String plain = ConsoleReport.render(run, Secrets.none(), new Style(false));
        String coloured = ConsoleReport.render(run, Secrets.none(), new Style(true));

        assertThat(plain).startsWith("GO  exit 0").contains("+ web.health").contains("~ web.ready")
                .contains("[flaky: passed after 1 retry]").doesNotContain("\u001b[");
        assertThat(coloured).contains("\u001b[32m");
    }
}
