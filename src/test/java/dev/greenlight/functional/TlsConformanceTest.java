package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS as the HTTP client speaks it: the server name (SNI) is sent for a host name and never for an IP literal, and
 * both TLS 1.2 and TLS 1.3 servers are spoken to. (The JDK sends no SNI for a name without a dot, such as localhost,
 * as RFC 6066 asks for fully qualified names.)
 */
class TlsConformanceTest {

    @ParameterizedTest(name = "{0} via {1}")
    @CsvSource(textBlock = """
            TLSv1.3, backend.greenlight.test, backend.greenlight.test
            TLSv1.2, backend.greenlight.test, backend.greenlight.test
            TLSv1.3, 127.0.0.1, -
            """)
    void theServerNameIsSentForNamesOnlyAndBothCurrentVersionsAreSpoken(String protocol, String host, String sni) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        SSLServerSocket socket = (SSLServerSocket) new TestCertificates().serverContext(host).getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setSNIMatchers(List.of(new SNIMatcher(0) {
            @Override
            public boolean matches(SNIServerName name) {
                seen.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        }));
        socket.setSSLParameters(parameters);
        byte[] body = "{\"status\": \"UP\"}".getBytes(StandardCharsets.UTF_8);
        try (RawServer https = new RawServer(socket, head -> RawServer.concat(RawServer.bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"), body))) {
            CheckResult c = Runs.run("""
                    services: { api: { checks: { health: { http: { url: "https://%s:%d/", insecure: true } } } } }
                    """.formatted(host, https.port())).checks().get(0);

            assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(seen).as("server names the client sent").isEqualTo(sni.equals("-") ? List.of() : List.of(sni));
        }
    }
}
