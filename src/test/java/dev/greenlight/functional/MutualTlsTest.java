package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.greenlight.config.ConfigException;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS: https, wss and tls checks present a client certificate from PEM files to servers that require one;
 * the pair is checked when the plan is built; wss takes {@code insecure} like https.
 */
class MutualTlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static HttpsServer https;
    private static Path[] client;

    @BeforeAll
    static void start() throws Exception {
        certs = new TestCertificates();
        client = certs.clientPem(dir, "ci-runner");
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        SSLContext context = certs.serverContextTrustingClients("127.0.0.1");
        https.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        https.createContext("/", ex -> {
            String who;
            try {
                who = ((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName();
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                who = "nobody";
            }
            byte[] body = ("{\"client\": \"" + who + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        https.start();
    }

    @AfterAll
    static void stop() {
        https.stop(0);
    }

    private static CheckResult http(String extra) throws Exception {
        return Runs.run("""
                services: { api: { checks: { health: { http: { url: "https://127.0.0.1:%d/", insecure: true %s }, expect: ["[BODY].client == \\"CN=ci-runner\\""] } } } }
                """.formatted(https.getAddress().getPort(), extra)).checks().get(0);
    }

    @Test
    void anHttpsCheckPresentsItsClientCertificate() throws Exception {
        CheckResult with = http(", client_cert: \"%s\", client_key: \"%s\"".formatted(client[0], client[1]));
        CheckResult without = http("");

        assertThat(with.status()).as(with.detail()).isEqualTo(CheckStatus.PASS);
        assertThat(without.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(without.signature().name()).isIn("TLS_FAILURE", "CONNECTION_RESET");
    }

    @Test
    void aWssCheckPresentsItToAndIsInsecureLikeHttps() throws Exception {
        SSLServerSocket socket = (SSLServerSocket) certs.serverContextTrustingClients("127.0.0.1").getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        socket.setNeedClientAuth(true);
        try (RawServer wss = new RawServer(socket, head -> RawServer.concat(RawServer.bytes(RawServer.switching(head)),
                new byte[] {(byte) 0x81, 17}, RawServer.bytes("{\"type\": \"hello\"}")))) {
            String plan = """
                    services: { chat: { checks: { events: { websocket: { url: "wss://127.0.0.1:%d/ws", expect: [hello] %s } } } } }
                    """;
            CheckResult ok = Runs.run(plan.formatted(wss.port(), ", insecure: true, client_cert: \"%s\", client_key: \"%s\""
                    .formatted(client[0], client[1]))).checks().get(0);
            CheckResult untrusted = Runs.run(plan.formatted(wss.port(), ", client_cert: \"%s\", client_key: \"%s\""
                    .formatted(client[0], client[1]))).checks().get(0);

            assertThat(ok.status()).as(ok.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(untrusted.status()).as("the test CA is not in the JVM's trust store").isEqualTo(CheckStatus.FAIL);
        }
    }

    @Test
    void aTlsCheckPresentsItToo() throws Exception {
        CheckResult c = Runs.run("""
                services: { api: { checks: { cert: { tls: { address: "127.0.0.1:%d", ca_file: "%s", client_cert: "%s", client_key: "%s" } } } } }
                """.formatted(https.getAddress().getPort(), certs.caFile(dir), client[0], client[1])).checks().get(0);

        assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsAConfigurationError() throws Exception {
        Path[] other = certs.clientPem(dir, "someone-else");
        String plan = """
                services: { api: { checks: { health: { http: { url: "https://127.0.0.1:1/", client_cert: "%s", client_key: "%s" } } } } }
                """;
        Path pkcs1 = dir.resolve("old.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> Runs.plan(plan.formatted(client[0], other[1]), java.util.Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(other[1] + " is not the key of the certificate in " + client[0]);
        assertThatThrownBy(() -> Runs.plan(plan.formatted(client[0], pkcs1), java.util.Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is a PKCS#1/SEC1 key; expected PKCS#8");
        assertThatThrownBy(() -> Runs.plan("""
                services: { api: { checks: { health: { http: { url: "https://127.0.0.1:1/", client_cert: "%s" } } } } }
                """.formatted(client[0]), java.util.Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has 'client_cert' without 'client_key'; mutual TLS needs both");
    }
}
