package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A frontend whose catch-all serves its index.html for every unknown path answers 200 for /api/health when the API is
 * not routed: that page is not the API's answer. The frontend's own pages, and JSON from the API, pass.
 */
class SpaFallbackTest {

    private static final String INDEX_HTML = """
            <!doctype html>
            <html lang="en"><head><meta charset="UTF-8"><title>Chat</title>
            <script type="module" crossorigin src="/assets/index-4f2a.js"></script></head>
            <body><div id="root"></div></body></html>
            """;
    private static HttpServer frontend;

    @BeforeAll
    static void start() throws Exception {
        frontend = LoopbackHttp.server();
        frontend.createContext("/", ex -> { // nginx's try_files $uri /index.html: every path that is no file gets the app
            boolean api = ex.getRequestURI().getPath().equals("/api/v2/health");
            LoopbackHttp.send(ex, 200, api ? "application/json" : "text/html", api ? "{\"status\": \"healthy\"}" : INDEX_HTML);
        });
        frontend.start();
    }

    @AfterAll
    static void stop() {
        frontend.stop(0);
    }

    @Test
    void anEndpointAnsweredByTheFrontendsIndexHtmlIsNotAPassWhileTheFrontendsPagesAndTheApiAre() throws Exception {
        RunResult run = Runs.run("""
                services:
                  web:
                    url: http://127.0.0.1:%d
                    checks:
                      api-health: { http: /api/health }
                      healthz: { http: /healthz, expect: ["[STATUS] == 200"] }
                      home: { http: / }
                      chat-page: { http: /chat/42 }
                      api-v2: { http: /api/v2/health }
                """.formatted(frontend.getAddress().getPort()));

        for (String routeMissing : new String[] {"web.api-health", "web.healthz"}) {
            CheckResult c = Runs.check(run, routeMissing);
            assertThat(c.status()).as(routeMissing + ": " + c.detail()).isEqualTo(CheckStatus.FAIL);
            assertThat(c.signature()).as(routeMissing).isEqualTo(FailureSignature.SPA_FALLBACK);
        }
        for (String served : new String[] {"web.home", "web.chat-page", "web.api-v2"}) {
            assertThat(Runs.check(run, served).status()).as(served + ": " + Runs.check(run, served).detail()).isEqualTo(CheckStatus.PASS);
        }
    }
}
