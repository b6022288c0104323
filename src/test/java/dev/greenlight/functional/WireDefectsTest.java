package dev.greenlight.functional;

import static dev.greenlight.functional.RawServer.bytes;
import static dev.greenlight.functional.RawServer.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.wire.HttpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Regression tests of issue 13's defects in the wire clients, each against a real server on loopback: several
 * addresses for one name, IPv6 literals, WebSocket frames that break the protocol, repeated headers and trailers.
 */
class WireDefectsTest {

    private static CheckResult only(String yaml) throws Exception {
        return only(yaml, true);
    }

    /** @param loop whether plain-HTTP checks wait on the I/O loop (else on a thread each) */
    private static CheckResult only(String yaml, boolean loop) throws Exception {
        HttpTransport transport = loop ? new HttpTransport() : new HttpTransport().threadPerExchange();
        RunResult run = Runs.run(Runs.plan(yaml, Map.of(), transport));
        return run.checks().get(0);
    }

    /** An HTTP/1.1 answer with a JSON body, the way the raw server writes it. */
    private static byte[] ok(String body) {
        return bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
    }

    @ParameterizedTest(name = "HTTP on the I/O loop: {0}")
    @ValueSource(booleans = {true, false})
    void aNameWithTwoAddressesFallsBackToTheOneThatListensWithAFreshSocket(boolean loop) throws Exception {
        // dual.greenlight.test is 127.0.0.1 and ::1 (src/test/resources/hosts); only ::1 listens
        try (RawServer v6 = new RawServer("::1", head -> ok("{\"status\": \"UP\"}"))) {
            CheckResult http = only("""
                    services: { api: { checks: { health: { http: "http://dual.greenlight.test:%d/health" } } } }
                    """.formatted(v6.port()), loop);
            CheckResult tcp = only("""
                    services: { api: { checks: { port: { tcp: "dual.greenlight.test:%d" } } } }
                    """.formatted(v6.port()));

            assertThat(http.status()).as(http.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(tcp.status()).as(tcp.detail()).isEqualTo(CheckStatus.PASS);
            // the address passed over is evidence: a client that takes a name's first address only is refused
            assertThat(tcp.detail()).isEqualTo("connected to 0:0:0:0:0:0:0:1:" + v6.port()
                    + "; connected to 0:0:0:0:0:0:0:1 after 127.0.0.1 (refused)");
            assertThat(http.detail()).isEqualTo("HTTP 200; connected to 0:0:0:0:0:0:0:1 after 127.0.0.1 (refused)");
        }
    }

    @Test
    void whatAPassingCheckPassedOverIsANoteOfTheDiagnosisOnceEvenOnGo() throws Exception {
        try (RawServer v6 = new RawServer("::1", head -> ok("{\"status\": \"UP\"}"))) {
            RunResult run = Runs.run("""
                    services:
                      api:
                        checks:
                          health: { http: "http://dual.greenlight.test:%1$d/health" }
                          ready: { http: "http://dual.greenlight.test:%1$d/ready" }
                    """.formatted(v6.port()));

            assertThat(run.verdict()).isEqualTo(dev.greenlight.plan.Verdict.GO);
            assertThat(dev.greenlight.diagnose.Diagnoser.diagnose(run).notes()).containsExactly("api.health: connected to "
                    + "0:0:0:0:0:0:0:1 after 127.0.0.1 (refused); a client that tries one address at a time fails or waits there");
        }
    }

    /** Every probe says what its connection passed over, whatever its own detail: a WebSocket here, both ways. */
    @ParameterizedTest(name = "WebSocket on the I/O loop: {0}")
    @ValueSource(booleans = {true, false})
    void aWebSocketThatConnectedPastARefusingAddressSaysSo(boolean loop) throws Exception {
        try (RawServer ws = new RawServer("::1", head -> concat(bytes(RawServer.switching(head)),
                frame(0x81, "{\"type\": \"hello\"}".getBytes(StandardCharsets.UTF_8))))) {
            CheckResult socket = only("""
                    services: { api: { checks: { events: { websocket: { url: "ws://dual.greenlight.test:%d/ws", expect: [hello] } } } } }
                    """.formatted(ws.port()), loop);

            assertThat(socket.status()).as(socket.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(socket.detail()).endsWith("; connected to 0:0:0:0:0:0:0:1 after 127.0.0.1 (refused)");
        }
    }

    /**
     * Happy Eyeballs: the name's first address drops connections (its accept queue is full, as a blackholed route would),
     * its second listens. The check connects to the second a quarter of a second later; tried in turn with shares of the
     * deadline, it would have waited half of it (4 s).
     */
    @ParameterizedTest(name = "HTTP on the I/O loop: {0}")
    @ValueSource(booleans = {true, false})
    void anAddressThatDropsConnectionsCostsAQuarterSecondNotTheDeadline(boolean loop) throws Exception {
        try (FullQueue v4 = new FullQueue(); ServerSocket v6Listener = new ServerSocket()) {
            v6Listener.bind(new InetSocketAddress(InetAddress.getByName("::1"), v4.port()));
            try (RawServer v6 = new RawServer(v6Listener, head -> ok("{\"status\": \"UP\"}"))) {
                CheckResult http = only("""
                        services: { api: { checks: { health: { http: "http://dual.greenlight.test:%d/health", timeout: 8s } } } }
                        """.formatted(v4.port()), loop);
                CheckResult tcp = only("""
                        services: { api: { checks: { port: { tcp: "dual.greenlight.test:%d", timeout: 8s } } } }
                        """.formatted(v4.port()));

                assertThat(http.status()).as(http.detail()).isEqualTo(CheckStatus.PASS);
                // passed, and the address that drops connections is named: clients that try addresses in turn hang on it
                assertThat(http.detail()).isEqualTo("HTTP 200; connected to 0:0:0:0:0:0:0:1 after 127.0.0.1 (still connecting)");
                assertThat(tcp.detail()).isEqualTo("connected to 0:0:0:0:0:0:0:1:" + v4.port()
                        + "; connected to 0:0:0:0:0:0:0:1 after 127.0.0.1 (still connecting)");
                for (CheckResult check : java.util.List.of(http, tcp)) {
                    assertThat(check.observation().elapsed()).as(check.check().id())
                            .isBetween(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(2));
                }
            }
        }
    }

    /** The address that refused is told at once; the one that dropped connections is a connect timeout at the deadline. */
    @ParameterizedTest(name = "HTTP on the I/O loop: {0}")
    @ValueSource(booleans = {true, false})
    void anAddressThatDropsConnectionsBesideOneThatRefusesIsAConnectTimeoutNamingBoth(boolean loop) throws Exception {
        try (FullQueue v4 = new FullQueue()) {
            try (ServerSocket v6 = new ServerSocket()) { // nothing listens on ::1 at that port (bound here to be sure, closed)
                v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), v4.port()));
            }
            CheckResult http = only("""
                    services: { api: { checks: { health: { http: "http://dual.greenlight.test:%d/health", timeout: 1s } } } }
                    """.formatted(v4.port()), loop);

            assertThat(http.signature()).as(http.detail()).isEqualTo(FailureSignature.CONNECT_TIMEOUT);
            assertThat(http.detail()).endsWith("(tried 0:0:0:0:0:0:0:1 (refused), 127.0.0.1 (timed out) on port " + v4.port() + ")");
        }
    }

    @ParameterizedTest(name = "HTTP on the I/O loop: {0}")
    @ValueSource(booleans = {true, false})
    void whenEveryAddressRefusesTheDetailNamesEachAddressTried(boolean loop) throws Exception {
        int port = freeOnBoth();

        CheckResult http = only("""
                services: { api: { checks: { health: { http: "http://dual.greenlight.test:%d/health" } } } }
                """.formatted(port), loop);

        assertThat(http.signature()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
        assertThat(http.detail()).endsWith("(tried 127.0.0.1 (refused), 0:0:0:0:0:0:0:1 (refused) on port " + port + ")");
    }

    @Test
    void ipv6LiteralsGetOneBracketInTheHostHeaderForHttpAndWebSocketAndWorkForTcp() throws Exception {
        try (RawServer http = new RawServer("::1", head -> ok("{\"host\": \"" + RawServer.header(head, "Host") + "\"}"));
             RawServer ws = new RawServer("::1", head -> concat(bytes(RawServer.switching(head)),
                     frame(0x81, "{\"type\": \"hello\"}".getBytes(StandardCharsets.UTF_8))))) {
            CheckResult get = only("""
                    services: { api: { checks: { health: { http: "http://[::1]:%d/", expect: ["[BODY].host == \\"[::1]:%d\\""] } } } }
                    """.formatted(http.port(), http.port()));
            CheckResult socket = only("""
                    services: { api: { checks: { events: { websocket: { url: "ws://[::1]:%d/ws", expect: [hello] } } } } }
                    """.formatted(ws.port()));
            CheckResult tcp = only("""
                    services: { api: { checks: { port: { tcp: "[::1]:%d" } } } }
                    """.formatted(http.port()));

            assertThat(get.status()).as(get.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(socket.status()).as(socket.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(RawServer.header(ws.heads().get(0), "Host")).isEqualTo("[::1]:" + ws.port());
            assertThat(tcp.status()).as(tcp.detail()).isEqualTo(CheckStatus.PASS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            length with its top bit set | most significant bit set
            a masked frame from the server | the server masked a frame
            a message over max_message | larger than 1024 bytes (max_message)
            a garbled status line | not an HTTP/1.x status line: 'HTTP/1.1 1o1 Switching Protocols'
            reserved bits set | reserved bits set
            """)
    void aWebSocketThatBreaksTheProtocolIsAProtocolErrorNeverAnInternalOne(String violation, String said) throws Exception {
        try (RawServer ws = new RawServer("127.0.0.1", head -> switch (violation) {
            case "length with its top bit set" -> concat(bytes(RawServer.switching(head)),
                    new byte[] {(byte) 0x81, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 5}, bytes("hello"));
            case "a masked frame from the server" -> concat(bytes(RawServer.switching(head)),
                    new byte[] {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4}, bytes("hello"));
            case "a message over max_message" -> concat(bytes(RawServer.switching(head)), frame(0x81, new byte[2048]));
            case "a garbled status line" -> bytes(RawServer.switching(head).replace("101", "1o1"));
            default -> concat(bytes(RawServer.switching(head)), frame(0xC1, bytes("{\"type\": \"hello\"}")));
        })) {
            CheckResult c = only("""
                    services: { api: { checks: { events: { websocket: { url: "ws://127.0.0.1:%d/ws", expect: [hello], max_message: 1KiB } } } } }
                    """.formatted(ws.port()));

            assertThat(c.signature()).as(c.detail()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
            assertThat(c.detail()).contains(said);
        }
    }

    @Test
    void repeatedHeadersKeepEveryValueAndChunkedTrailersAreRead() throws Exception {
        try (RawServer http = new RawServer("127.0.0.1", head -> bytes("""
                HTTP/1.1 200 OK\r
                Via: 1.1 edge\r
                Set-Cookie: a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\r
                Via: 1.1 mesh\r
                Set-Cookie: b=2\r
                Transfer-Encoding: chunked\r
                Trailer: X-Checksum\r
                \r
                5\r
                hello\r
                0\r
                X-Checksum: abc123\r
                \r
                """))) {
            CheckResult c = only("""
                    services:
                      api:
                        checks:
                          health: { http: "http://127.0.0.1:%d/", expect: ["[HEADER].via == \\"1.1 edge, 1.1 mesh\\"", "[HEADER].x-checksum == abc123"] }
                    """.formatted(http.port()));

            assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(c.observation().headers().get("set-cookie")).isEqualTo("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\nb=2");
            assertThat(c.observation().body()).isEqualTo("hello");
        }
    }

    @Test
    void conflictingContentLengthsAreAProtocolError() throws Exception {
        try (RawServer http = new RawServer("127.0.0.1", head -> bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"))) {
            CheckResult c = only("""
                    services: { api: { checks: { health: { http: "http://127.0.0.1:%d/" } } } }
                    """.formatted(http.port()));

            assertThat(c.signature()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
            assertThat(c.detail()).contains("conflicting Content-Length '5, 6'");
        }
    }

    /** One unmasked server frame: first byte as given, payload under 126 or 16-bit length. */
    private static byte[] frame(int first, byte[] payload) {
        byte[] head = payload.length < 126 ? new byte[] {(byte) first, (byte) payload.length}
                : new byte[] {(byte) first, 126, (byte) (payload.length >> 8), (byte) payload.length};
        return concat(head, payload);
    }

    /** A port that nothing listens on, on 127.0.0.1 nor on ::1. */
    private static int freeOnBoth() throws Exception {
        for (int i = 0; i < 20; i++) {
            int port;
            try (ServerSocket v4 = new ServerSocket()) {
                v4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                port = v4.getLocalPort();
            }
            try (ServerSocket v6 = new ServerSocket()) {
                v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), port));
                return port; // free on ::1 too (closed again here)
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no port free on both 127.0.0.1 and ::1");
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
