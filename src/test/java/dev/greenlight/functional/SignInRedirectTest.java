package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A health check that redirects to a sign-in page was answered by the auth gate in front of the service (an auth
 * proxy, an identity provider), not by the service: its 200 is not a pass. Redirects that stay on the service pass.
 */
class SignInRedirectTest {

    private static final String LOGIN_FORM = "<html><body><form method=post><input name=user>"
            + "<input type=\"password\" name=pw></form></body></html>";
    private static HttpServer app;
    private static HttpServer idp;

    @BeforeAll
    static void start() throws IOException {
        idp = LoopbackHttp.server();
        idp.createContext("/realms/staging/protocol/openid-connect/auth", ex -> send(ex, 200, "<html>Keycloak</html>"));
        idp.start();
        app = LoopbackHttp.server();
        app.createContext("/health", ex -> redirect(ex, "/login?next=/health"));
        app.createContext("/login", ex -> send(ex, 200, LOGIN_FORM));
        app.createContext("/ready", ex -> redirect(ex, "http://127.0.0.1:" + idp.getAddress().getPort()
                + "/realms/staging/protocol/openid-connect/auth?client_id=app&redirect_uri=%2Fready"));
        app.createContext("/status", ex -> redirect(ex, "/portal"));
        app.createContext("/portal", ex -> send(ex, 200, LOGIN_FORM));
        app.createContext("/live", ex -> redirect(ex, "/live/"));
        app.createContext("/live/", ex -> send(ex, 200, "{\"status\": \"healthy\"}"));
        app.start();
    }

    @AfterAll
    static void stop() {
        app.stop(0);
        idp.stop(0);
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        send(ex, 302, "");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        LoopbackHttp.send(ex, status, body.startsWith("<") ? "text/html" : "application/json", body);
    }

    private static RunResult run() throws Exception {
        return Runs.run("""
                services:
                  app:
                    url: http://127.0.0.1:%d
                    checks:
                      health: { http: /health }
                      ready: { http: /ready, expect: ["[STATUS] == 200"] }
                      status: { http: /status }
                      live: { http: /live }
                      login-page: { http: /login }
                """.formatted(app.getAddress().getPort()));
    }

    private static CheckResult check(RunResult run, String id) {
        return run.checks().stream().filter(c -> c.check().id().equals("app." + id)).findFirst().orElseThrow();
    }

    @Test
    void aRedirectToASignInPageOrAnIdentityProviderIsNotAPass() throws Exception {
        RunResult run = run();

        for (String gated : new String[] {"health", "ready", "status"}) {
            CheckResult c = check(run, gated);
            assertThat(c.status()).as(gated + ": " + c.detail()).isEqualTo(CheckStatus.FAIL);
            assertThat(c.signature()).as(gated).isEqualTo(FailureSignature.SIGN_IN_REDIRECT);
        }
        assertThat(check(run, "health").detail()).contains("HTTP 200 after 1 redirect (302 http://127.0.0.1:")
                .contains("/login?next=/health");
        assertThat(check(run, "ready").detail()).contains("/openid-connect/auth");
    }

    @Test
    void aRedirectThatStaysOnTheServiceAndACheckOfTheSignInPageItselfPass() throws Exception {
        RunResult run = run();

        assertThat(check(run, "live").status()).as(check(run, "live").detail()).isEqualTo(CheckStatus.PASS);
        assertThat(check(run, "login-page").status()).as(check(run, "login-page").detail()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void theDiagnosisSaysToExemptTheHealthPathFromTheAuthGate() throws Exception {
        Diagnosis diagnosis = Diagnoser.diagnose(run());

        assertThat(diagnosis.rootCauses()).anySatisfy(r -> assertThat(String.join(" ", r.nextChecks()))
                .contains("exempt the health path"));
    }
}
