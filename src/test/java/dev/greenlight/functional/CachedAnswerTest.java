package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A health endpoint answered by a cache in front of the service is not the service's answer: a caching proxy that serves
 * its kept answer when the service fails (nginx's proxy_cache_use_stale) says 200 exactly when the service is down.
 */
class CachedAnswerTest {

    @Test
    void aStaleHealthAnswerFromNginxWhileTheServiceIsDownIsNotAPass() throws Exception {
        HttpServer service = LoopbackHttp.server();
        service.createContext("/", ex -> LoopbackHttp.send(ex, 200, "application/json", "{\"status\": \"healthy\"}"));
        service.start();
        try (RealServers.Nginx cache = new RealServers.Nginx(service.getAddress().getPort(), true)) {
            String plan = """
                    services:
                      api:
                        url: http://127.0.0.1:%d
                        checks:
                          health: { http: /health }
                    """.formatted(cache.port);
            CheckResult whileUp = Runs.check(Runs.run(plan), "api.health"); // a miss: the service answered through the cache
            service.stop(0);
            // the cache keeps it 1 s (nginx counts in whole seconds): a hit, then only stale
            CheckResult whileDown = Runs.check(Runs.run(plan), "api.health");
            for (long until = System.nanoTime() + 5_000_000_000L; !whileDown.detail().contains("STALE") && System.nanoTime() < until; ) {
                Thread.sleep(250);
                whileDown = Runs.check(Runs.run(plan), "api.health");
            }

            assertThat(whileUp.status()).as(whileUp.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(whileDown.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(whileDown.signature()).isEqualTo(FailureSignature.CACHED_ANSWER);
            assertThat(whileDown.detail()).contains("HTTP 200 with x-cache-status: STALE");
        } finally {
            service.stop(0);
        }
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /healthz             | age=312                                 | CACHED_ANSWER
            /healthz             | age=0                                   | NONE
            /actuator/health     | x-cache=Hit from cloudfront             | CACHED_ANSWER
            /actuator/health     | x-cache=RefreshHit from cloudfront      | NONE
            /health              | cf-cache-status=HIT                     | CACHED_ANSWER
            /health              | cf-cache-status=DYNAMIC                 | NONE
            /health              | x-cache=HIT, MISS                       | CACHED_ANSWER
            /ready               | cache-status=ExampleCache; hit; ttl=30  | CACHED_ANSWER
            /ready               | cache-status=Netlify Edge; fwd=miss     | NONE
            /ready               | x-vercel-cache=STALE                    | CACHED_ANSWER
            /                    | age=312                                 | NONE
            /api/products        | cf-cache-status=HIT                     | NONE
            """)
    void cacheHeadersOnAHealthEndpointMeanTheServiceWasNotAsked(String path, String header, FailureSignature expected) throws Exception {
        String[] nameValue = header.split("=", 2);
        HttpServer server = LoopbackHttp.server();
        server.createContext("/", ex -> {
            ex.getResponseHeaders().add(nameValue[0], nameValue[1]);
            LoopbackHttp.send(ex, 200, "application/json", "{\"status\": \"ok\"}");
        });
        server.start();
        try {
            RunResult run = Runs.run("""
                    services:
                      api:
                        url: http://127.0.0.1:%d
                        checks:
                          probe: { http: "%s" }
                    """.formatted(server.getAddress().getPort(), path), Map.of());

            assertThat(Runs.check(run, "api.probe").signature()).as(Runs.check(run, "api.probe").detail()).isEqualTo(expected);
        } finally {
            server.stop(0);
        }
    }
}
