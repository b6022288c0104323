package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The websocket probe against a real Socket.IO server (npm's socket.io, installed by .ci/run under
 * ~/.cache/greenlight-tools): a Socket.IO server accepts every WebSocket, and says whether the application takes the
 * client only when the client asks for a namespace.
 */
class SocketIoTest {

    private static final Path MODULES = Path.of(System.getProperty("user.home"), ".cache", "greenlight-tools", "node_modules");
    private static final String TOKEN = "the-right-token";
    private static Process server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        assertThat(MODULES.resolve("socket.io")).as("npm's socket.io: run .ci/run").isDirectory();
        Path script = Path.of(SocketIoTest.class.getResource("/socketio/server.js").toURI());
        ProcessBuilder builder = new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("NODE_PATH", MODULES.toString());
        builder.environment().put("TOKEN", TOKEN);
        server = builder.start();
        String port = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        base = "ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket";
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    private static CheckResult check(String websocket) throws Exception {
        return Runs.check(Runs.run("""
                timeout: 2s
                auth:
                  robot: { token: "${ROBOT_TOKEN}" }
                services:
                  chat: { checks: { it: { %s } } }
                """.formatted(websocket), Map.of("ROBOT_TOKEN", "a-stale-token")), "chat.it");
    }

    @Test
    void aClientLetIntoItsNamespaceStaysConnectedAnsweringThePings() throws Exception {
        CheckResult main = check("websocket: \"" + base + "\"");
        CheckResult long_ = check("websocket: { url: \"" + base + "\", stay_open: 1s }"); // pinged 5 times, gone at 300 ms if mute

        assertThat(main.passed()).as(main.detail()).isTrue();
        assertThat(main.detail()).isEqualTo("connected to Socket.IO namespace '/'; stayed open 500ms, received [connect, welcome]");
        assertThat(long_.passed()).as(long_.detail()).isTrue();
    }

    @Test
    void aNamespaceThatTurnsTheClientAwayFailsThoughTheWebSocketWasAccepted() throws Exception {
        CheckResult secure = check("websocket: { url: \"" + base + "\", namespace: /secure }, auth: robot");
        CheckResult broken = check("websocket: { url: \"" + base + "\", namespace: /broken }");
        CheckResult hangs = check("websocket: { url: \"" + base + "\", namespace: /hangs }");
        CheckResult kicks = check("websocket: { url: \"" + base + "\", namespace: /kicks, stay_open: 1s }");

        assertThat(secure.signature()).as(secure.detail()).isEqualTo(FailureSignature.AUTH_FAILED);
        assertThat(secure.detail()).isEqualTo("the Socket.IO server refused the client namespace '/secure' (connect_error: "
                + "unauthorized: token expired): its middleware turned the credentials away; the WebSocket itself was accepted");
        assertThat(broken.signature()).isEqualTo(FailureSignature.WS_ERROR_EVENT);
        assertThat(broken.detail()).contains("(connect_error: database unavailable)");
        assertThat(hangs.signature()).isEqualTo(FailureSignature.EVENT_MISSING);
        assertThat(hangs.detail()).startsWith("the Socket.IO server did not let the client into namespace '/hangs' within 2s");
        assertThat(kicks.signature()).isEqualTo(FailureSignature.WS_CLOSED);
        assertThat(kicks.detail()).startsWith("the server disconnected the client from namespace /kicks");
    }

    @Test
    void theCheckTokenIsTheConnectAuthAndTheMessagesGoOnceLetIn() throws Exception {
        CheckResult secure = Runs.check(Runs.run("""
                timeout: 2s
                auth:
                  robot: { token: "${ROBOT_TOKEN}" }
                services:
                  chat: { checks: { it: { websocket: { url: "%s", namespace: /secure }, auth: robot } } }
                """.formatted(base), Map.of("ROBOT_TOKEN", TOKEN)), "chat.it");
        CheckResult golden = check("websocket: { url: \"" + base + "\", send: '42[\"chat_message\",{\"text\":\"hi\"}]',"
                + " expect: [agent_thinking, agent_response] }");

        assertThat(secure.passed()).as(secure.detail()).isTrue();
        assertThat(golden.passed()).as(golden.detail()).isTrue();
        assertThat(golden.detail()).isEqualTo("2 events received in order [connect, welcome, agent_thinking, agent_response]");
        assertThat(golden.duration()).isLessThan(Duration.ofSeconds(1));
    }
}
