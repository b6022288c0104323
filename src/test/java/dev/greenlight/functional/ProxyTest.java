package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.report.ReportFormat;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.Style;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks through a real HTTP proxy (Debian's tinyproxy on loopback): HTTPS_PROXY / HTTP_PROXY / NO_PROXY as curl
 * reads them, a CONNECT tunnel for https and WebSocket, Basic proxy credentials from a secret, and failures that
 * say whether the proxy or the target failed.
 */
class ProxyTest {

    private static final String PASSWORD = "proxy-pass-7f3e9a";
    @TempDir
    static Path dir;
    private static Tinyproxy open;
    private static Tinyproxy guarded;
    private static HttpsServer https;
    private static WsTestServer ws;

    @BeforeAll
    static void start() throws Exception {
        open = new Tinyproxy(dir.resolve("open").toFile().mkdirs() ? dir.resolve("open") : dir.resolve("open"), null, null);
        guarded = new Tinyproxy(dir.resolve("guarded").toFile().mkdirs() ? dir.resolve("guarded") : dir.resolve("guarded"),
                "probe", PASSWORD);
        https = new TestCertificates().httpsServer("127.0.0.1");
        ws = new WsTestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        open.close();
        guarded.close();
        https.stop(0);
        ws.close();
    }

    private static CheckResult run(String yaml, Map<String, String> env, Map<String, String> proxyEnv) throws Exception {
        return Runs.run(Runs.plan(yaml, env, HttpTransport.withProxiesOf(proxyEnv))).checks().get(0);
    }

    private static String httpsCheck(String extra) {
        return """
                services: { api: { checks: { health: { http: { url: "https://127.0.0.1:%d/health", insecure: true %s } } } } }
                """.formatted(https.getAddress().getPort(), extra);
    }

    @Test
    void httpsGoesThroughTheEnvironmentsProxyInATunnel() throws Exception {
        CheckResult c = run(httpsCheck(""), Map.of(), Map.of("HTTPS_PROXY", open.url()));

        assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS);
        assertThat(open.log()).contains("Established connection to host \"127.0.0.1\" using file descriptor");
    }

    @Test
    void plainHttpIsForwardedByTheProxyAndNoProxyGoesDirect() throws Exception {
        try (RawServer target = new RawServer("127.0.0.1", head -> RawServer.bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"))) {
            String yaml = "services: { api: { checks: { health: { http: \"http://127.0.0.1:%d/x?y=1\" } } } }".formatted(target.port());

            CheckResult proxied = run(yaml, Map.of(), Map.of("http_proxy", open.url()));
            CheckResult direct = run(yaml, Map.of(), Map.of("http_proxy", open.url(), "NO_PROXY", "example.com,127.0.0.1"));

            assertThat(proxied.status()).as(proxied.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(direct.status()).isEqualTo(CheckStatus.PASS);
            assertThat(target.heads()).hasSize(2);
            assertThat(target.heads().get(0)).startsWith("GET /x?y=1 HTTP/1.").containsIgnoringCase("via: ").contains("tinyproxy");
            assertThat(target.heads().get(1)).startsWith("GET /x?y=1 HTTP/1.1").doesNotContainIgnoringCase("via:");
        }
    }

    @Test
    void proxyCredentialsComeFromASecretAndAreNeverShown() throws Exception {
        String yaml = httpsCheck(", proxy: \"http://probe:${PROXY_PASSWORD}@127.0.0.1:" + guarded.port() + "\"");

        Plan right = Runs.plan(yaml, Map.of("PROXY_PASSWORD", PASSWORD), new HttpTransport());
        RunResult ok = Runs.run(right);
        Plan wrongPlan = Runs.plan(yaml, Map.of("PROXY_PASSWORD", "not-the-password"), new HttpTransport());
        RunResult wrong = Runs.run(wrongPlan);
        CheckResult none = run(httpsCheck(""), Map.of(), Map.of("HTTPS_PROXY", guarded.url()));

        assertThat(ok.checks().get(0).status()).as(ok.checks().get(0).detail()).isEqualTo(CheckStatus.PASS);
        CheckResult refused = wrong.checks().get(0);
        assertThat(refused.signature()).isEqualTo(FailureSignature.PROXY_FAILED);
        assertThat(refused.detail()).contains("the proxy 127.0.0.1:" + guarded.port() + " refused CONNECT 127.0.0.1:")
                .contains("401 Unauthorized").contains("it refused the credentials");
        assertThat(none.signature()).isEqualTo(FailureSignature.PROXY_FAILED);
        assertThat(none.detail()).contains("it wants credentials");
        for (ReportFormat format : ReportFormat.values()) {
            String text = format.renderer(new Style(false)).render(ReportInput.of(wrong, wrongPlan.secrets()));
            assertThat(text).doesNotContain("not-the-password").doesNotContain("probe:");
        }
    }

    @Test
    void aProxyThatIsDownIsTheProxysFailureNotTheTargets() throws Exception {
        int closed = TestServer.closedPort();

        CheckResult c = run(httpsCheck(""), Map.of(), Map.of("HTTPS_PROXY", "http://127.0.0.1:" + closed));

        assertThat(c.signature()).isEqualTo(FailureSignature.PROXY_FAILED);
        assertThat(c.detail()).contains("the proxy 127.0.0.1:" + closed + " is unreachable (refused)");
    }

    @Test
    void aTargetTheProxyCannotReachIsSaidSo() throws Exception {
        int closed = TestServer.closedPort();

        CheckResult c = run("services: { api: { checks: { health: { http: \"https://127.0.0.1:%d/\" } } } }".formatted(closed),
                Map.of(), Map.of("HTTPS_PROXY", open.url()));

        assertThat(c.signature()).isEqualTo(FailureSignature.PROXY_TARGET_UNREACHABLE);
        assertThat(c.detail()).contains("the proxy 127.0.0.1:" + open.port() + " could not reach 127.0.0.1:" + closed)
                .contains("Unable to connect");
    }

    @Test
    void aWebSocketGoesThroughTheProxyToo() throws Exception {
        CheckResult c = run("""
                services:
                  chat: { checks: { events: { websocket: { url: "%s", send: hi, expect: [agent_started, agent_completed], proxy: "%s" } } } }
                """.formatted(ws.url("/ws/stream?events=agent_started,agent_completed"), open.url()), Map.of(), Map.of());

        assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS);
        assertThat(open.log()).contains("CONNECT");
    }

    @Test
    void proxyNoneOnACheckGoesDirectWhateverTheEnvironmentSays() throws Exception {
        CheckResult c = run(httpsCheck(", proxy: none"), Map.of(), Map.of("HTTPS_PROXY", "http://127.0.0.1:" + TestServer.closedPort()));

        assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aProxyVariableThatIsNotAnHttpProxyUrlIsRefused() {
        assertThatThrownBy(() -> HttpTransport.withProxiesOf(Map.of("HTTPS_PROXY", "socks5://127.0.0.1:1080")))
                .hasMessage("HTTPS_PROXY: the proxy must be an http:// URL (an HTTP proxy; TLS to the proxy and SOCKS are not "
                        + "supported), got scheme 'socks5'");
    }
}
