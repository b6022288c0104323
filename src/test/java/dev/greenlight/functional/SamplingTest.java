package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.config.Secrets;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.report.JsonReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code samples: N}: a check judged over a distribution, failing fast once its bar cannot be met. */
class SamplingTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    private static CheckResult check(String path, String options) throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: "%s", %s } } }
                """.formatted(server.url(""), path, options));
        return run.checks().get(0);
    }

    @Test
    void aSuccessRateThatCanNoLongerBeMetStopsSamplingAtOnce() throws Exception {
        CheckResult c = check("/alternating", "samples: 10, interval: 20ms, expect: [\"[SUCCESS_RATE] >= 99%\"]");

        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.attempts()).as("the 2nd sample failed: 9/10 at best, below 99%").isEqualTo(2);
        assertThat(c.detail()).isEqualTo("2 samples, 1 passed (50%), p50 " + c.samples().percentile(50).toMillis() + "ms, p95 "
                + c.samples().percentile(95).toMillis() + "ms, p99 " + c.samples().percentile(99).toMillis() + "ms, max "
                + c.samples().max().toMillis() + "ms (stopped early: the bar can no longer be met); [SUCCESS_RATE] >= 99% "
                + "failed (actual: 50)");
    }

    @Test
    void aSuccessRateBarBelowWhatWasSeenPassesOverEverySample() throws Exception {
        CheckResult c = check("/alternating", "samples: 10, interval: 10ms, expect: [\"[SUCCESS_RATE] >= 40%\"]");

        assertThat(c.status()).isEqualTo(CheckStatus.PASS);
        assertThat(c.attempts()).isEqualTo(10);
        assertThat(c.samples().successRatePercent()).isEqualTo(50.0);
    }

    @Test
    void aPercentileBarFailsAsSlowResponseWithTheDistribution() throws Exception {
        CheckResult c = check("/slow?ms=400", "samples: 5, interval: 10ms, expect: [\"[P95] < 300ms\"]");

        assertThat(c.signature()).isEqualTo(FailureSignature.SLOW_RESPONSE);
        assertThat(c.attempts()).as("one sample of 400 ms already puts p95 of 5 above 300 ms").isEqualTo(1);
        assertThat(c.conditions()).anySatisfy(r -> assertThat(r.condition()).isEqualTo("[P95] < 300ms"));
    }

    @Test
    void withoutAConditionOverSamplesEverySampleMustPass() throws Exception {
        CheckResult flapping = check("/alternating", "samples: 4, interval: 10ms");
        CheckResult steady = check("/ok", "samples: 4, interval: 10ms");

        assertThat(flapping.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(flapping.detail()).contains("a sample failed: [STATUS] < 400 failed (actual: 503)");
        assertThat(steady.status()).isEqualTo(CheckStatus.PASS);
        assertThat(steady.attempts()).isEqualTo(4);
    }

    @Test
    void theJsonReportCarriesTheDistribution() throws Exception {
        RunResult run = Runs.run("""
                services:
                  api: { url: %s, checks: { health: { http: /ok, samples: 5, interval: 10ms, expect: ["[P99] < 5s", "[SUCCESS_RATE] == 100%%"] } } }
                """.formatted(server.url("")));

        JsonNode check = new ObjectMapper().readTree(JsonReport.render(run, Secrets.none())).get("phases").get(0).get("checks").get(0);
        assertThat(check.get("status").asText()).isEqualTo("PASS");
        assertThat(check.get("samples").get("count").asInt()).isEqualTo(5);
        assertThat(check.get("samples").get("passed").asInt()).isEqualTo(5);
        assertThat(check.get("samples").get("success_rate").asDouble()).isEqualTo(1.0);
        assertThat(check.get("samples").get("p99_ms").asLong()).isEqualTo(run.checks().get(0).samples().percentile(99).toMillis());
    }
}
