package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, defect 1: credentials follow a redirect only within the check's origin (scheme, host, port), as curl
 * and browsers do; an https -> http redirect is refused; the chain is reported.
 */
class RedirectCredentialsTest {

    @TempDir
    Path dir;

    private static CheckResult run(String url) throws Exception {
        return Runs.run("""
                services:
                  api:
                    checks:
                      login:
                        http:
                          url: "%s"
                          headers: { Authorization: "Bearer tok-123456", Cookie: "session=abc123", X-Api-Key: key-98765, X-Trace: t1 }
                """.formatted(url), Map.of()).checks().get(0);
    }

    @Test
    void credentialsAreDroppedWhenARedirectLeavesTheOriginAndKeptWithinIt() throws Exception {
        try (TestServer a = new TestServer(); TestServer b = new TestServer()) {
            // localhost:A -> 127.0.0.1:B is another origin (another host and port)
            String other = a.url("/away?to=" + b.url("/headers")).replaceFirst("127\\.0\\.0\\.1", "localhost");
            String same = a.url("/away?to=" + a.url("/headers"));

            CheckResult away = run(other);
            CheckResult home = run(same);

            assertThat(away.observation().body()).isEqualTo(
                    "{\"authorization\": \"null\", \"cookie\": \"null\", \"api_key\": \"null\", \"trace\": \"t1\"}");
            assertThat(away.detail()).isEqualTo("HTTP 200 after 1 redirect (302 " + b.url("/headers")
                    + "; credentials dropped when it left " + other.substring(0, other.indexOf("/away")) + ")");
            assertThat(home.observation().body()).isEqualTo("{\"authorization\": \"Bearer tok-123456\", \"cookie\": "
                    + "\"session=abc123\", \"api_key\": \"key-98765\", \"trace\": \"t1\"}");
        }
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefused() throws Exception {
        TestCertificates certs = new TestCertificates();
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        https.setHttpsConfigurator(new HttpsConfigurator(certs.serverContext("localhost")));
        try (TestServer plain = new TestServer()) {
            https.createContext("/", ex -> {
                ex.getResponseHeaders().add("Location", plain.url("/headers"));
                ex.sendResponseHeaders(302, -1);
                ex.close();
            });
            https.start();
            CheckResult c = Runs.run("""
                    services:
                      api:
                        checks:
                          login: { http: { url: "https://localhost:%d/", headers: { Authorization: "Bearer tok-123456" } },
                                   expect: ["[STATUS] == 200"] }
                    """.formatted(https.getAddress().getPort()).replace("login: { http: {", "login: { http: { insecure: true,"),
                    Map.of()).checks().get(0);

            assertThat(c.signature()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
            assertThat(c.detail()).startsWith("redirect from https://localhost:").endsWith(" refused: it downgrades https to http");
            assertThat(plain.hits("/headers")).isZero();
        } finally {
            https.stop(0);
        }
    }
}
