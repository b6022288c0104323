package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A health body that says which environment it serves, and says another one than the plan's: a staging URL that reaches
 * production (a copied host name, a DNS record or a load balancer rule pointing at the other deployment) answers 200
 * from a healthy production while staging is not checked at all.
 */
class WrongEnvironmentTest {

    private static HttpServer deployments;

    @BeforeAll
    static void start() throws Exception {
        deployments = LoopbackHttp.server();
        deployments.createContext("/", ex -> {
            String body = switch (ex.getRequestURI().getPath()) {
                case "/prod" -> "{\"status\": \"healthy\", \"service\": \"api\", \"environment\": \"production\"}";
                case "/sso" -> "{\"status\": \"healthy\", \"environment\": \"production\"}";
                case "/prod-short" -> "{\"status\": \"UP\", \"env\": \"prd-eu-west-1\"}";
                case "/nested" -> "{\"status\": \"UP\", \"app\": {\"name\": \"api\", \"environment\": \"Production\"}}";
                case "/staging" -> "{\"status\": \"healthy\", \"environment\": \"staging-eu\"}";
                case "/stg" -> "{\"status\": \"healthy\", \"environment\": \"STG\"}";
                case "/preprod" -> "{\"status\": \"healthy\", \"environment\": \"pre-prod\"}";
                case "/other-word" -> "{\"status\": \"healthy\", \"environment\": \"blue\"}";
                default -> "{\"status\": \"healthy\"}";
            };
            if (ex.getRequestURI().getPath().equals("/by-header")) {
                ex.getResponseHeaders().add("X-Environment", "production");
            }
            LoopbackHttp.send(ex, 200, "application/json", body);
        });
        deployments.start();
    }

    @AfterAll
    static void stop() {
        deployments.stop(0);
    }

    private static RunResult run(String environment) throws Exception {
        String url = "http://127.0.0.1:" + deployments.getAddress().getPort();
        return Runs.run("""
                environment: %2$s
                services:
                  api:
                    url: %1$s
                    checks:
                      prod: { http: /prod }
                      prod-short: { http: /prod-short }
                      nested: { http: /nested }
                      staging: { http: /staging }
                      stg: { http: /stg }
                      preprod: { http: /preprod }
                      other-word: { http: /other-word }
                      silent: { http: /none }
                      by-header: { http: /by-header }
                      unchecked: { http: /prod, ignore_health_body: true }
                  sso:
                    url: %1$s
                    environment: production      # shared with production on purpose
                    checks:
                      health: { http: /sso }
                """.formatted(url, environment));
    }

    @Test
    void aStagingPlanAnsweredByProductionIsNotItsPass() throws Exception {
        RunResult run = run("staging");

        for (String wrong : new String[] {"api.prod", "api.prod-short", "api.nested", "api.preprod", "api.by-header"}) {
            CheckResult c = Runs.check(run, wrong);
            assertThat(c.status()).as(wrong + ": " + c.detail()).isEqualTo(CheckStatus.FAIL);
            assertThat(c.signature()).as(wrong).isEqualTo(FailureSignature.WRONG_ENVIRONMENT);
        }
        assertThat(Runs.check(run, "api.prod").detail()).isEqualTo("HTTP 200, but its health body says environment "
                + "'production', and this plan checks staging: the address reaches another environment's deployment");
        for (String right : new String[] {"api.staging", "api.stg", "api.other-word", "api.silent", "api.unchecked", "sso.health"}) {
            assertThat(Runs.check(run, right).status()).as(right + ": " + Runs.check(run, right).detail())
                    .isEqualTo(CheckStatus.PASS);
        }
        assertThat(Runs.check(run, "api.by-header").detail()).startsWith("HTTP 200, but its X-Environment header says "
                + "environment 'production'");
        assertThat(Diagnoser.diagnose(run).rootCauses()).anySatisfy(r -> {
            assertThat(r.service()).isEqualTo("api");
            assertThat(String.join(" ", r.nextChecks())).contains("DNS");
        });
    }

    @Test
    void aPlanThatNamesNoEnvironmentOrOneNotKnownJudgesNoBody() throws Exception {
        for (String environment : new String[] {"default", "bench", "blue"}) {
            RunResult run = run(environment);
            assertThat(run.checks()).as(environment).allSatisfy(c ->
                    assertThat(c.status()).as(environment + " " + c.check().id() + ": " + c.detail()).isEqualTo(CheckStatus.PASS));
        }
    }

    @Test
    void aProductionGateAnsweredByStagingFailsToo() throws Exception {
        RunResult run = run("prod");

        assertThat(Runs.check(run, "api.staging").signature()).isEqualTo(FailureSignature.WRONG_ENVIRONMENT);
        assertThat(Runs.check(run, "api.preprod").signature()).isEqualTo(FailureSignature.WRONG_ENVIRONMENT);
        assertThat(Runs.check(run, "api.prod").status()).isEqualTo(CheckStatus.PASS);
        assertThat(Runs.check(run, "api.nested").status()).isEqualTo(CheckStatus.PASS);
    }
}
