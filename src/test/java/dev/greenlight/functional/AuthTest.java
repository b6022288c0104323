package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.report.JsonReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Auth sources against a real token endpoint on loopback: shared tokens, refresh, BLOCKED, never printed. */
class AuthTest {

    private static final String PLAN = """
            auth:
              e2e-user: { token_url: "%s", client_id: e2e, client_secret: "${SECRET}"%s }
            services:
              api:
                url: %s
                checks:
                  a: { http: /needs-token, auth: e2e-user }
                  b: { http: /needs-token, auth: e2e-user }
                  c: { http: /needs-token, auth: e2e-user }
                  open: { http: /ok }
            phases:
              - { name: golden-path, checks: [api] }
            """;

    @Test
    void oneTokenIsObtainedAndSharedByEveryCheckThatNamesIt() throws Exception {
        try (TestServer server = new TestServer()) {
            RunResult run = Runs.run(PLAN.formatted(server.url("/token"), "", server.url("")), Map.of("SECRET", "right-secret"));

            assertThat(run.verdict()).isEqualTo(Verdict.GO);
            assertThat(run.phases().get(0).name()).isEqualTo("auth");
            assertThat(run.phases().get(0).checks().get(0).check().id()).isEqualTo("auth.e2e-user");
            assertThat(server.hits("/token")).isEqualTo(1);
            assertThat(server.hits("/needs-token")).isEqualTo(3);
        }
    }

    @Test
    void aTokenAboutToExpireIsFetchedAgain() throws Exception {
        try (TestServer server = new TestServer()) {
            RunResult run = Runs.run(PLAN.formatted(server.url("/token"), ", scope: short", server.url("")),
                    Map.of("SECRET", "right-secret"));

            assertThat(run.verdict()).isEqualTo(Verdict.GO);
            assertThat(server.hits("/token")).as("expires_in 5 s is inside the 30 s refresh margin").isGreaterThan(1);
        }
    }

    @Test
    void withoutATokenTheChecksThatNeedItAreBlockedAndTheTokenFailureIsACheckOfItsOwn() throws Exception {
        try (TestServer server = new TestServer()) {
            RunResult run = Runs.run(PLAN.formatted(server.url("/token"), "", server.url("")), Map.of("SECRET", "wrong"));

            CheckResult token = run.phases().get(0).checks().get(0);
            assertThat(token.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(token.signature()).isEqualTo(FailureSignature.HTTP_STATUS);
            assertThat(token.observation().status()).isEqualTo(401);
            assertThat(run.phases().get(1).checks()).filteredOn(c -> c.check().auth().isPresent()).allSatisfy(c -> {
                assertThat(c.status()).isEqualTo(CheckStatus.BLOCKED);
                assertThat(c.detail()).contains("auth.e2e-user").contains("HTTP 401");
            });
            assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
            assertThat(server.hits("/needs-token")).as("blocked checks send nothing").isZero();
        }
    }

    @Test
    void aTokenEndpointThatIsDownBlocksWithItsSignature() throws Exception {
        RunResult run = Runs.run(PLAN.formatted("http://127.0.0.1:" + TestServer.closedPort() + "/token", "",
                "http://127.0.0.1:" + TestServer.closedPort()), Map.of("SECRET", "right-secret"));

        assertThat(run.phases().get(0).checks().get(0).signature()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
        assertThat(run.phases().get(1).checks().get(0).status()).isEqualTo(CheckStatus.BLOCKED);
    }

    @Test
    void aStaticBearerFromTheEnvironmentIsSent() throws Exception {
        try (TestServer server = new TestServer()) {
            RunResult run = Runs.run("""
                    auth:
                      robot: { token: "${ROBOT_TOKEN}" }
                    services:
                      api: { url: %s, checks: { me: { http: /needs-token, auth: robot } } }
                    """.formatted(server.url("")), Map.of("ROBOT_TOKEN", "static-token-1a2b"));

            assertThat(run.verdict()).isEqualTo(Verdict.GO);
        }
    }

    @Test
    void anObtainedTokenNeverAppearsInTheReport() throws Exception {
        try (TestServer server = new TestServer()) {
            Plan plan = Runs.plan(PLAN.formatted(server.url("/token"), "", server.url("")), Map.of("SECRET", "right-secret"));
            RunResult run = Runs.run(plan);

            String json = JsonReport.render(run, plan.secrets());
            assertThat(run.phases().get(1).checks().get(0).observation().body()).contains("issued-token-1-9f8e7d");
            assertThat(json).doesNotContain("issued-token-1-9f8e7d").doesNotContain("right-secret").contains("Bearer ****");
        }
    }
}
