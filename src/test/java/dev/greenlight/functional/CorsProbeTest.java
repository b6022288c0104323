package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cors probe against real preflight answers. */
class CorsProbeTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    private static CheckResult check(String path) throws Exception {
        return Runs.run("""
                services:
                  api:
                    url: %s
                    checks:
                      cors: { cors: { path: %s, origin: "https://app.example.com", method: PUT, headers: [Authorization, Content-Type], credentials: true } }
                """.formatted(server.url(""), path), Map.of()).checks().get(0);
    }

    @Test
    void aPreflightThatAllowsEverythingAskedPasses() throws Exception {
        CheckResult c = check("/cors-good");

        assertThat(c.passed()).isTrue();
        assertThat(server.hits("/cors-good")).isEqualTo(1);
    }

    @Test
    void aPreflightAnswerSaysExactlyWhatIsMissing() throws Exception {
        CheckResult c = check("/cors-bad");

        assertThat(c.signature()).isEqualTo(FailureSignature.CORS_REJECTED);
        assertThat(c.detail()).isEqualTo("preflight does not allow it: Access-Control-Allow-Origin is '*', which browsers "
                + "refuse with credentials; no Access-Control-Allow-Credentials: true; Access-Control-Allow-Methods [GET] "
                + "lacks PUT; Access-Control-Allow-Headers absent lacks [Authorization, Content-Type]");
    }
}
