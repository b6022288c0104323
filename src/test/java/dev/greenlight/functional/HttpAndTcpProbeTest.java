package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Location;
import dev.greenlight.config.Node;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.HttpProbeKind;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.Observation;
import dev.greenlight.probe.ProbeContext;
import dev.greenlight.probe.TcpProbeKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every failure signature of the HTTP and TCP probes, each produced by a real fault on loopback. */
class HttpAndTcpProbeTest {

    private static TestServer server;
    private static final HttpTransport TRANSPORT = new HttpTransport();

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void healthyAnswerIsReachedWithTimingsAndEvidence() throws Exception {
        Observation o = http(server.url("/ok"), Duration.ofSeconds(5));

        assertThat(o.reached()).isTrue();
        assertThat(o.signature()).isEqualTo(FailureSignature.NONE);
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.body()).contains("\"healthy\"");
        assertThat(o.headers()).containsEntry("content-type", "application/json");
        assertThat(o.timings().connect()).isNotNull();
        assertThat(o.timings().firstByte()).isNotNull().isLessThanOrEqualTo(o.timings().total());
        assertThat(o.timings().tls()).isNull();
    }

    @Test
    void serviceUnavailableIsAnAnswerWithItsStatusAndBody() throws Exception {
        Observation o = http(server.url("/unavailable"), Duration.ofSeconds(5));

        assertThat(o.reached()).isTrue();
        assertThat(o.status()).isEqualTo(503);
        assertThat(o.body()).contains("DATABASE");
    }

    @Test
    void closedPortIsRefused() throws Exception {
        Observation o = http("http://127.0.0.1:" + TestServer.closedPort() + "/health", Duration.ofSeconds(5));

        assertThat(o.reached()).isFalse();
        assertThat(o.signature()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
        assertThat(o.status()).isNull();
    }

    @Test
    void listenerThatNeverAnswersIsAReadTimeoutAtTheDeadline() throws Exception {
        Observation o = http("http://127.0.0.1:" + server.silentPort() + "/health", Duration.ofMillis(400));

        assertThat(o.signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
        assertThat(o.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(o.detail()).contains("400 ms");
    }

    @Test
    void slowBodyPastTheDeadlineIsAReadTimeout() throws Exception {
        Observation o = http(server.url("/slow?ms=2000"), Duration.ofMillis(300));

        assertThat(o.signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
    }

    @Test
    void redirectLoopStopsAtTheBound() throws Exception {
        Observation o = http(server.url("/loop"), Duration.ofSeconds(5));

        assertThat(o.signature()).isEqualTo(FailureSignature.TOO_MANY_REDIRECTS);
        assertThat(o.status()).isEqualTo(302);
        assertThat(server.hits("/loop")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void oneRedirectIsFollowed() throws Exception {
        Observation o = http(server.url("/redirect-once"), Duration.ofSeconds(5));

        assertThat(o.signature()).isEqualTo(FailureSignature.NONE);
        assertThat(o.status()).isEqualTo(200);
    }

    @Test
    void chunkedBodyIsReadWhole() throws Exception {
        Observation o = http(server.url("/chunked"), Duration.ofSeconds(5));

        assertThat(o.signature()).isEqualTo(FailureSignature.NONE);
        assertThat(o.body()).isEqualTo("{\"status\": \"healthy\", \"parts\": 3}");
    }

    @Test
    void postSendsItsBodyAndHeadersAndA307KeepsTheMethod() throws Exception {
        Node options = TreeReaderHelper.yaml("{ path: /temporary, method: POST, body: '{\"ping\": 1}', headers: { X-Probe: yes-1 } }");
        Observation o = new HttpProbeKind(TRANSPORT).prepare(options, Optional.of(server.url("")), "t.post")
                .observe(new ProbeContext(Duration.ofSeconds(5)), Clock.systemUTC());

        assertThat(o.status()).isEqualTo(200);
        assertThat(o.body()).isEqualTo("{\"method\": \"POST\", \"body\": {\"ping\": 1}, \"x_probe\": \"yes-1\"}");
    }

    @Test
    void hugeBodyIsCappedAndFails() throws Exception {
        Observation o = http(server.url("/huge"), Duration.ofSeconds(5));

        assertThat(o.signature()).isEqualTo(FailureSignature.BODY_TOO_LARGE);
        assertThat(o.body()).hasSize(1024 * 1024);
    }

    @Test
    void resetConnectionIsReset() throws Exception {
        Observation o = http("http://127.0.0.1:" + server.resettingPort() + "/health", Duration.ofSeconds(5));

        assertThat(o.signature()).isEqualTo(FailureSignature.CONNECTION_RESET);
    }

    @Test
    void tlsToAPlainTextServerIsATlsFailure() throws Exception {
        Observation o = http("https://127.0.0.1:" + server.plainTextPort() + "/health", Duration.ofSeconds(5));

        assertThat(o.signature()).isEqualTo(FailureSignature.TLS_FAILURE);
    }

    @Test
    void tlsHandshakeThatNeverCompletesIsATlsFailure() throws Exception {
        // a listener that accepts and never says a word: the HTTP server once used here answered 400 whenever the
        // ClientHello's random bytes happened to end a request line, and the handshake then failed instead (flaky)
        Observation o = http("https://127.0.0.1:" + server.silentPort() + "/ok", Duration.ofMillis(500));

        assertThat(o.signature()).isEqualTo(FailureSignature.TLS_FAILURE);
        assertThat(o.detail()).contains("TLS handshake did not complete");
    }

    @Test
    void anUnknownNameWithNoResolverAnsweringIsADnsTimeout() throws Exception {
        // the tests' resolver (greenlight.dns.resolver in pom.xml) is a dead loopback port: nobody says NXDOMAIN
        Observation o = http("http://no-such-service.greenlight.test/health", Duration.ofSeconds(5));

        assertThat(o.signature()).isEqualTo(FailureSignature.DNS_TIMEOUT);
        assertThat(o.signature().isNetworkBlind()).isTrue();
    }

    @Test
    void tcpConnectsToAListenerAndIsRefusedByAClosedPort() throws Exception {
        Observation up = tcp("127.0.0.1:" + server.silentPort(), Duration.ofSeconds(2));
        Observation down = tcp("127.0.0.1:" + TestServer.closedPort(), Duration.ofSeconds(2));
        Observation unknown = tcp("nowhere.greenlight.test:5432", Duration.ofSeconds(2));

        assertThat(up.connected()).isTrue();
        assertThat(up.signature()).isEqualTo(FailureSignature.NONE);
        assertThat(down.connected()).isFalse();
        assertThat(down.signature()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
        assertThat(unknown.signature()).isEqualTo(FailureSignature.DNS_TIMEOUT);
    }

    /**
     * A proxy with nothing behind it (docker-proxy for a container whose process does not listen) accepts and drops each
     * connection; a server that speaks first (SSH's banner) or waits for its client keeps it.
     */
    @Test
    void tcpAcceptedAndDroppedAtOnceIsNotAListener() throws Exception {
        try (java.net.ServerSocket proxy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket ssh = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread dropping = new Thread(() -> {
                while (!proxy.isClosed()) {
                    try {
                        proxy.accept().close(); // its backend refused: the client's connection goes too
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            Thread banner = new Thread(() -> {
                try (java.net.Socket s = ssh.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    Thread.sleep(2_000);
                } catch (java.io.IOException | InterruptedException done) {
                    // the probe closed it
                }
            });
            dropping.start();
            banner.start();

            Observation dropped = tcp("127.0.0.1:" + proxy.getLocalPort(), Duration.ofSeconds(2));
            Observation spoke = tcp("127.0.0.1:" + ssh.getLocalPort(), Duration.ofSeconds(2));

            assertThat(dropped.signature()).isEqualTo(FailureSignature.CONNECTION_RESET);
            assertThat(dropped.detail()).startsWith("accepted by 127.0.0.1:" + proxy.getLocalPort() + ", then ")
                    .contains("has nothing listening behind it");
            Observation silent = tcp("127.0.0.1:" + server.silentPort(), Duration.ofSeconds(2)); // waits for its client: kept
            assertThat(spoke.signature()).as(spoke.detail()).isEqualTo(FailureSignature.NONE);
            assertThat(silent.signature()).as(silent.detail()).isEqualTo(FailureSignature.NONE);
            assertThat(silent.elapsed()).as("the connect's time, not the 100 ms hold's").isLessThan(Duration.ofMillis(100));
        }
    }

    @Test
    void fullAcceptQueueIsAConnectTimeout() throws Exception {
        try (FullQueue full = new FullQueue()) {
            Observation o = tcp("127.0.0.1:" + full.port(), Duration.ofMillis(300));

            assertThat(o.signature()).isEqualTo(FailureSignature.CONNECT_TIMEOUT);
        }
    }

    @Test
    void aFullAcceptQueueIsAConnectTimeoutForHttpOnTheIoLoopAsOnAThread() throws Exception {
        try (FullQueue full = new FullQueue()) {
            for (HttpTransport transport : List.of(new HttpTransport(), new HttpTransport().threadPerExchange())) {
                CheckResult check = Runs.run(Runs.plan("""
                        services: { api: { checks: { h: { http: "http://127.0.0.1:%d/", timeout: 400ms } } } }
                        """.formatted(full.port()), java.util.Map.of(), transport)).checks().get(0);

                assertThat(check.signature()).as(check.detail()).isEqualTo(FailureSignature.CONNECT_TIMEOUT);
                assertThat(check.status()).isNotEqualTo(CheckStatus.PASS);
            }
        }
    }

    /** Two addresses that both drop connections are raced on threads of their own: cancelling stops the wait and both. */
    @Test
    void cancellingStopsAConnectRacedOverSeveralAddresses() throws Exception {
        try (FullQueue v4 = new FullQueue(); FullQueue v6 = new FullQueue("::1", v4.port())) {
            Observation o = cancelledAfter(600,
                    new TcpProbeKind().prepare(scalar("dual.greenlight.test:" + v4.port()), Optional.empty(), "t.cancel"));

            assertThat(o.signature()).isEqualTo(FailureSignature.CANCELLED);
            assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(10));
        }
    }

    /** What {@code probe} observes with 30 s to go when its probe is cancelled after {@code millis}. */
    private static Observation cancelledAfter(long millis, dev.greenlight.probe.Probe probe) {
        ProbeContext context = new ProbeContext(Duration.ofSeconds(30));
        Thread canceller = new Thread(() -> {
            sleepQuietly(millis);
            context.cancel();
        });
        canceller.start();
        return probe.observe(context, Clock.systemUTC());
    }

    @Test
    void cancellingStopsAProbeAtOnce() throws Exception {
        Observation o = cancelledAfter(300, new HttpProbeKind(TRANSPORT).prepare(
                scalar("http://127.0.0.1:" + server.silentPort() + "/"), Optional.empty(), "t.cancel"));

        assertThat(o.signature()).isEqualTo(FailureSignature.CANCELLED);
        assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    private static Observation http(String url, Duration timeout) throws ConfigException {
        return new HttpProbeKind(TRANSPORT).prepare(scalar(url), Optional.empty(), "t.http")
                .observe(new ProbeContext(timeout), Clock.systemUTC());
    }

    private static Observation tcp(String target, Duration timeout) throws ConfigException {
        return new TcpProbeKind().prepare(scalar(target), Optional.empty(), "t.tcp")
                .observe(new ProbeContext(timeout), Clock.systemUTC());
    }

    private static Node scalar(String text) {
        return new Node.ScalarNode(new Location("t.yaml", 1, 1), text, Node.ScalarNode.Kind.STRING, false);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
