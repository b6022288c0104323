package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.diagnose.Classification;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.RunResult;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real nginx in front of an app on loopback: a 502 is laid at the upstream when the upstream is down, and at
 * the proxy (configuration) when Greenlight reaches the upstream itself.
 */
class ProxyDiagnosisTest {

    private static TestServer app;

    @BeforeAll
    static void start() throws Exception {
        app = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static Diagnosis.RootCause onlyRoot(RunResult run) {
        Diagnosis d = Diagnoser.diagnose(run);
        assertThat(d.rootCauses()).hasSize(1);
        return d.rootCauses().get(0);
    }

    @Test
    void aProxyAnswering502WhileItsUpstreamAnswersGreenlightIsTheProxysConfiguration() throws Exception {
        try (RealServers.Nginx nginx = new RealServers.Nginx(TestServer.closedPort())) { // proxy_pass to the wrong port
            RunResult run = Runs.run("""
                    services:
                      proxy: { url: "http://127.0.0.1:%d", depends_on: [app], checks: { health: { http: /ok } } }
                      app: { url: "%s", checks: { health: { http: /ok } } }
                    """.formatted(nginx.port, app.url("")), Map.of());

            assertThat(run.checks().get(0).observation().status()).isEqualTo(502);
            Diagnosis.RootCause root = onlyRoot(run);
            assertThat(root.service()).isEqualTo("proxy");
            assertThat(root.classification()).isEqualTo(Classification.CONFIGURATION);
            assertThat(root.nextChecks().get(0)).startsWith("app answers Greenlight's own checks, yet this proxy answers HTTP 502");
        }
    }

    @Test
    void aProxyAnswering502BecauseItsUpstreamIsDownIsTheUpstreamsCascade() throws Exception {
        int down = TestServer.closedPort();
        try (RealServers.Nginx nginx = new RealServers.Nginx(down)) {
            RunResult run = Runs.run("""
                    services:
                      proxy: { url: "http://127.0.0.1:%d", depends_on: [app], checks: { health: { http: /ok } } }
                      app: { url: "http://127.0.0.1:%d", checks: { health: { http: /ok } } }
                    """.formatted(nginx.port, down), Map.of());

            Diagnosis.RootCause root = onlyRoot(run);
            assertThat(root.service()).isEqualTo("app");
            assertThat(root.signature()).isEqualTo("CONNECTION_REFUSED");
            assertThat(root.cascades()).extracting(Diagnosis.Cascade::service).containsExactly("proxy");
        }
    }

    @Test
    void aProxyAnswering502WithNoUpstreamDeclaredIsInfrastructureAndItsPageIsOnTheConsole() throws Exception {
        try (RealServers.Nginx nginx = new RealServers.Nginx(TestServer.closedPort())) {
            RunResult run = Runs.run("""
                    services:
                      proxy: { url: "http://127.0.0.1:%d", checks: { health: { http: /ok } } }
                    """.formatted(nginx.port), Map.of());

            Diagnosis.RootCause root = onlyRoot(run);
            assertThat(root.classification()).isEqualTo(Classification.INFRASTRUCTURE);
            assertThat(root.nextChecks().get(0)).contains("upstream refused or dropped the connection");
            assertThat(dev.greenlight.report.ConsoleReport.render(run, dev.greenlight.config.Secrets.none(),
                    new dev.greenlight.report.Style(false))).contains("body: <html> <head><title>502 Bad Gateway</title>");
        }
    }
}
