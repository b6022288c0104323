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
 * A health body that names another service of the plan came from the wrong service: auth's URL routed to the
 * backend's container (a port or host rule mixed up in the deploy) answers 200 for a service that is not there.
 */
class WrongServiceTest {

    private static HttpServer backend;

    @BeforeAll
    static void start() throws Exception {
        backend = LoopbackHttp.server();
        backend.createContext("/", ex -> {
            String name = switch (ex.getRequestURI().getPath()) {
                case "/health" -> "backend";
                case "/as-alias" -> "API";
                default -> "chat-frontend";
            };
            LoopbackHttp.send(ex, 200, "application/json", "{\"status\": \"healthy\", \"service\": \"" + name + "\"}");
        });
        backend.start();
    }

    @AfterAll
    static void stop() {
        backend.stop(0);
    }

    @Test
    void aHealthBodyThatNamesAnotherServiceOfThePlanIsNotItsPass() throws Exception {
        String url = "http://127.0.0.1:" + backend.getAddress().getPort();
        RunResult run = Runs.run("""
                services:
                  backend:
                    url: %1$s
                    aliases: [api]
                    checks:
                      health: { http: /health }
                      alias: { http: /as-alias }
                  auth:
                    url: %1$s
                    checks:
                      health: { http: /health }
                      alias: { http: /as-alias }
                      unchecked: { http: /health, ignore_health_body: true }
                  frontend:
                    url: %1$s
                    checks:
                      health: { http: /own-name }
                """.formatted(url));

        for (String wrong : new String[] {"auth.health", "auth.alias"}) {
            CheckResult c = Runs.check(run, wrong);
            assertThat(c.status()).as(wrong + ": " + c.detail()).isEqualTo(CheckStatus.FAIL);
            assertThat(c.signature()).as(wrong).isEqualTo(FailureSignature.WRONG_SERVICE);
        }
        assertThat(Runs.check(run, "auth.health").detail()).isEqualTo("HTTP 200, but its health body says it is service 'backend', "
                + "not auth: traffic for auth reaches another service");
        for (String right : new String[] {"backend.health", "backend.alias", "auth.unchecked", "frontend.health"}) {
            assertThat(Runs.check(run, right).status()).as(right + ": " + Runs.check(run, right).detail()).isEqualTo(CheckStatus.PASS);
        }
        assertThat(Diagnoser.diagnose(run).rootCauses()).anySatisfy(r -> {
            assertThat(r.service()).isEqualTo("auth");
            assertThat(String.join(" ", r.nextChecks())).contains("routing in front of it");
        });
    }
}
