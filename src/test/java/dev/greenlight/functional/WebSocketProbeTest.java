package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The websocket probe against a real WebSocket server: ordered event streams and every real fault. */
class WebSocketProbeTest {

    private static final String GOLDEN = "agent_started,agent_thinking,tool_executing,tool_completed,agent_completed";
    private static WsTestServer ws;
    private static TestServer http;

    @BeforeAll
    static void start() throws Exception {
        ws = new WsTestServer();
        http = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        ws.close();
        http.close();
    }

    private static CheckResult check(String url, String options) throws Exception {
        RunResult run = Runs.run("""
                timeout: 3s
                services:
                  websocket:
                    url: "%s"
                    checks:
                      agent-events:
                        websocket:
                          send: '{"type": "user_message", "text": "ping"}'
                          expect: [agent_started, agent_thinking, tool_executing, tool_completed, {event: agent_completed, within: 2s}]
                          %s
                """.formatted(url, options));
        return run.checks().stream().filter(c -> c.check().id().equals("websocket.agent-events")).findFirst().orElseThrow();
    }

    private static CheckResult connectOnly(String url) throws Exception {
        RunResult run = Runs.run("""
                services:
                  websocket: { checks: { connect: { websocket: { url: "%s" } } } }
                """.formatted(url));
        return run.checks().get(0);
    }

    @Test
    void aServerThatAcceptsTheUpgradeAndThenClosesHasNotServedTheConnection() throws Exception {
        CheckResult kicked = connectOnly(ws.url("/ws/kick"));
        CheckResult served = connectOnly(ws.url("/ws/quiet"));

        assertThat(kicked.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(kicked.signature()).isEqualTo(FailureSignature.WS_CLOSED);
        assertThat(kicked.detail()).startsWith("closed with 1008 (policy violation (often auth), reason 'token required') within "
                + "the 500ms it must stay open after the upgrade");
        assertThat(served.status()).as(served.detail()).isEqualTo(CheckStatus.PASS);
        assertThat(served.detail()).isEqualTo("connected; stayed open 500ms");
    }

    @Test
    void anErrorEventFailsAtOnceAndAConnectionThatSaidOnlyAnErrorHasNotServed() throws Exception {
        CheckResult refused = connectOnly(ws.url("/ws/refuse"));
        // waited out, the stream that stopped after its error would be EVENT_MISSING at the deadline
        CheckResult failed = check(ws.url("/ws/stream?events=agent_started,agent_error"), "");
        CheckResult ignored = check(ws.url("/ws/stream?events=agent_started,agent_error"), "ignore: [agent_error]");

        assertThat(refused.signature()).as(refused.detail()).isEqualTo(FailureSignature.WS_ERROR_EVENT);
        assertThat(refused.detail()).startsWith("the server sent 'error': {\"type\": \"error\", \"message\": \"unauthorized: token "
                + "expired\"} within the 500ms it must stay open");
        assertThat(failed.signature()).as(failed.detail()).isEqualTo(FailureSignature.WS_ERROR_EVENT);
        assertThat(failed.detail()).startsWith("the server sent 'agent_error'").contains("before 'agent_thinking'")
                .contains("received: [agent_started, agent_error]");
        assertThat(ignored.signature()).isEqualTo(FailureSignature.EVENT_MISSING);
    }

    @Test
    void theFiveEventsInOrderPass() throws Exception {
        CheckResult c = check(ws.url("/ws/stream?events=" + GOLDEN), "");

        assertThat(c.status()).isEqualTo(CheckStatus.PASS);
        assertThat(c.observation().events()).containsExactly(GOLDEN.split(","));
        assertThat(c.observation().latency()).isNotNull();
    }

    @Test
    void aMissingEventNamesTheFirstOneNotReceivedAndWhatDidArrive() throws Exception {
        CheckResult c = check(ws.url("/ws/stream?events=agent_started,agent_thinking,tool_executing"), "");

        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.signature()).isEqualTo(FailureSignature.EVENT_MISSING);
        assertThat(c.detail()).startsWith("'tool_completed' not received within 3s")
                .contains("received: [agent_started, agent_thinking, tool_executing]");
    }

    @Test
    void eventsOutOfOrderFailInOrderAndPassAnyOrder() throws Exception {
        String shuffled = ws.url("/ws/stream?events=agent_thinking,agent_started,tool_executing,tool_completed,agent_completed");

        assertThat(check(shuffled, "").signature()).isEqualTo(FailureSignature.EVENT_MISSING);
        assertThat(check(shuffled, "order: any_order").status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void heartbeatsAreIgnoredWhenAsked() throws Exception {
        String withHeartbeats = ws.url("/ws/stream?events=heartbeat,agent_started,heartbeat,agent_thinking,tool_executing,"
                + "tool_completed,heartbeat,agent_completed");

        CheckResult c = check(withHeartbeats, "ignore: [heartbeat]");

        assertThat(c.status()).isEqualTo(CheckStatus.PASS);
        assertThat(c.observation().events()).doesNotContain("heartbeat");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "close {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            1011 | server error
            1012 | service restart
            1013 | try again later
            1001 | going away
            """)
    void aCloseIsReportedWithItsCodesMeaning(int code, String meaning) throws Exception {
        CheckResult c = check(ws.url("/ws/stream?events=agent_started&then=close" + code), "");

        assertThat(c.signature()).isEqualTo(FailureSignature.WS_CLOSED);
        assertThat(c.detail()).contains("closed with " + code + " (" + meaning).contains("closing for the test")
                .contains("before 'agent_thinking'");
    }

    @Test
    void aDroppedConnectionIsAnAbnormalClosure() throws Exception {
        CheckResult c = check(ws.url("/ws/stream?events=agent_started&then=drop"), "");

        assertThat(c.signature()).isEqualTo(FailureSignature.WS_CLOSED);
        assertThat(c.detail()).contains("1006");
    }

    @Test
    void aHandshakeRejectedWith503IsTheBackendsAndWith401TheCredentials() throws Exception {
        CheckResult unavailable = check(http.url("/unavailable").replace("http://", "ws://"), "");
        CheckResult unauthorized = check(ws.url("/ws/auth"), "");

        assertThat(unavailable.signature()).isEqualTo(FailureSignature.WS_HANDSHAKE_REJECTED);
        assertThat(unavailable.observation().status()).isEqualTo(503);
        assertThat(unavailable.detail()).contains("HTTP 503").contains("backend");
        assertThat(unauthorized.observation().status()).isEqualTo(401);
        assertThat(unauthorized.detail()).contains("credentials");
    }

    @Test
    void theAuthSourcesTokenOpensTheHandshake() throws Exception {
        RunResult run = Runs.run("""
                auth: { robot: { token: "${WS_TOKEN}" } }
                services:
                  websocket:
                    url: "%s"
                    checks:
                      hello: { auth: robot, websocket: { send: hi, expect: [welcome] } }
                """.formatted(ws.url("/ws/auth")), Map.of("WS_TOKEN", "good-token"));

        assertThat(run.verdict()).isEqualTo(Verdict.GO);
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        CheckResult c = check("ws://127.0.0.1:" + TestServer.closedPort() + "/ws", "");

        assertThat(c.signature()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
    }

    @Test
    void eventsAndLatencyWorkInConditions() throws Exception {
        RunResult run = Runs.run("""
                services:
                  websocket:
                    url: "%s"
                    checks:
                      events:
                        websocket: { send: go, expect: [agent_started, agent_completed] }
                        expect: ["len([EVENTS]) == 2", "[EVENTS] == pat(*agent_completed*)", "[LATENCY] < 2s"]
                """.formatted(ws.url("/ws/stream?events=agent_started,agent_completed")));

        assertThat(run.verdict()).isEqualTo(Verdict.GO);
        assertThat(run.checks().get(0).conditions()).allSatisfy(r -> assertThat(r.success()).isTrue());
    }

    @Test
    void aLongWithinExtendsTheAttemptDeadline() throws Exception {
        CheckResult c = check(ws.url("/ws/stream?events=" + GOLDEN + "&gap=10"), "");

        assertThat(c.check().attemptDeadline()).isEqualTo(Duration.ofSeconds(5));
    }
}
