package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import org.junit.jupiter.api.Test;

/**
 * A service whose DNS record or host rule is missing, under a wildcard record and a catch-all that sends unknown hosts to
 * the main site: its health path is redirected to the main site's home page, which answers 200. That is not the service.
 */
class RedirectedAwayTest {

    @Test
    void aHealthPathRedirectedToAnotherHostsPageIsNotAPassWhileAnEndpointThatMovedIs() throws Exception {
        HttpServer www = LoopbackHttp.server(); // the main site, reached as "localhost"
        www.createContext("/", ex -> LoopbackHttp.send(ex, 200, ex.getRequestURI().getPath().equals("/health")
                ? "application/json" : "text/html", ex.getRequestURI().getPath().equals("/health") ? "{\"status\": \"ok\"}"
                : "<!doctype html><html><head><title>Example Inc.</title></head><body>Welcome</body></html>"));
        www.start();
        String main = "http://localhost:" + www.getAddress().getPort();
        HttpServer catchAll = LoopbackHttp.server(); // the default server the wildcard record leads to, reached as 127.0.0.1
        catchAll.createContext("/", ex -> {
            String to = switch (ex.getRequestURI().getPath()) {
                case "/moved/health" -> main + "/health";
                case "/trailing/health" -> "/trailing/health/";
                case "/trailing/health/" -> null;
                default -> main + "/";
            };
            if (to == null) {
                LoopbackHttp.send(ex, 200, "application/json", "{\"status\": \"ok\"}");
                return;
            }
            ex.getResponseHeaders().add("Location", to);
            LoopbackHttp.send(ex, 301, "text/plain", "");
        });
        catchAll.start();
        try {
            RunResult run = Runs.run("""
                    services:
                      api:
                        url: http://127.0.0.1:%d
                        checks:
                          health: { http: /health }
                          items: { http: /api/items }
                          moved: { http: /moved/health }
                          trailing: { http: /trailing/health }
                          home: { http: / }
                    """.formatted(catchAll.getAddress().getPort()));

            for (String away : new String[] {"api.health", "api.items"}) {
                CheckResult c = Runs.check(run, away);
                assertThat(c.status()).as(away + ": " + c.detail()).isEqualTo(CheckStatus.FAIL);
                assertThat(c.signature()).as(away).isEqualTo(FailureSignature.REDIRECTED_AWAY);
            }
            assertThat(Runs.check(run, "api.health").detail()).contains("HTTP 200 from localhost after 1 redirect");
            for (String fine : new String[] {"api.moved", "api.trailing", "api.home"}) {
                assertThat(Runs.check(run, fine).status()).as(fine + ": " + Runs.check(run, fine).detail()).isEqualTo(CheckStatus.PASS);
            }
        } finally {
            catchAll.stop(0);
            www.stop(0);
        }
    }

    @Test
    void aHealthPathSentToItsOwnSitesHomePageIsNotAPassWhileAnEndpointMovedOnTheSameHostIs() throws Exception {
        // an app whose health route and API are missing: its catch-all sends unknown paths home
        HttpServer app = LoopbackHttp.server();
        app.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String to = switch (path) {
                case "/health" -> "/";
                case "/api/items" -> "/en-US/";
                case "/healthz" -> "/healthz/";
                case "/old/ready" -> "/status";
                default -> null;
            };
            if (to != null) {
                ex.getResponseHeaders().add("Location", to);
                LoopbackHttp.send(ex, 302, "text/plain", "");
            } else if (path.equals("/healthz/") || path.equals("/status")) {
                LoopbackHttp.send(ex, 200, "application/json", "{\"status\": \"ok\"}");
            } else {
                LoopbackHttp.send(ex, 200, "text/html", "<!doctype html><html><head><title>Acme</title></head>"
                        + "<body><h1>Welcome to Acme</h1><p>Plans and pricing</p></body></html>");
            }
        });
        app.start();
        try {
            RunResult run = Runs.run("""
                    services:
                      api:
                        url: http://127.0.0.1:%d
                        checks:
                          health: { http: /health }
                          items: { http: /api/items }
                          slash: { http: /healthz }
                          moved: { http: /old/ready }
                          home: { http: / }
                    """.formatted(app.getAddress().getPort()));

            assertThat(Runs.check(run, "api.health").signature()).as(Runs.check(run, "api.health").detail())
                    .isEqualTo(FailureSignature.REDIRECTED_AWAY);
            assertThat(Runs.check(run, "api.health").detail()).contains("HTTP 200 from the site's home page (/) after 1 redirect");
            assertThat(Runs.check(run, "api.items").signature()).isEqualTo(FailureSignature.REDIRECTED_AWAY);
            assertThat(Runs.check(run, "api.items").detail()).contains("home page (/en-US/)");
            for (String fine : new String[] {"api.slash", "api.moved", "api.home"}) {
                assertThat(Runs.check(run, fine).status()).as(fine + ": " + Runs.check(run, fine).detail()).isEqualTo(CheckStatus.PASS);
            }
        } finally {
            app.stop(0);
        }
    }
}
