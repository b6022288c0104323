package dev.greenlight.functional;

import static dev.greenlight.functional.RawServer.bytes;
import static dev.greenlight.functional.RawServer.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.wire.HttpTransport;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WebSocket client's conformance, table-driven: after the client's upgrade request, each row's server writes
 * these bytes (handshake and frames, correct or not); the check expects the event "hello".
 */
class WebSocketConformanceTest {

    record Row(String name, RawServer.Answer answer, FailureSignature wanted, String holds) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] HELLO = "{\"type\": \"hello\"}".getBytes(StandardCharsets.UTF_8);

    /** An unmasked server frame with the first byte given (FIN, RSV, opcode). */
    static byte[] frame(int first, byte[] payload) {
        byte[] head = payload.length < 126 ? new byte[] {(byte) first, (byte) payload.length}
                : new byte[] {(byte) first, 126, (byte) (payload.length >> 8), (byte) payload.length};
        return concat(head, payload);
    }

    private static Row after101(String name, byte[] frames, FailureSignature wanted, String holds) {
        return new Row(name, head -> concat(bytes(RawServer.switching(head)), frames), wanted, holds);
    }

    static Stream<Arguments> rows() {
        byte[] padded = ("{\"type\": \"hello\", \"pad\": \"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                after101("one text frame", frame(0x81, HELLO), FailureSignature.NONE, ""),
                after101("a ping first is answered and passed over", concat(frame(0x89, bytes("are you there")), frame(0x81, HELLO)),
                        FailureSignature.NONE, ""),
                after101("a message in two fragments is joined", concat(frame(0x01, bytes("{\"type\": ")), frame(0x80, bytes("\"hello\"}"))),
                        FailureSignature.NONE, ""),
                after101("a 16-bit length", frame(0x81, padded), FailureSignature.NONE, ""),
                after101("a binary frame holding the event", frame(0x82, HELLO), FailureSignature.NONE, ""),
                after101("a close 1011 before the event", frame(0x88, concat(new byte[] {0x03, (byte) 0xf3}, bytes("boom"))),
                        FailureSignature.WS_CLOSED, "1011"),
                after101("dropped without a close frame", new byte[0], FailureSignature.WS_CLOSED, "1006"),
                after101("an unknown opcode", frame(0x83, HELLO), FailureSignature.PROTOCOL_ERROR, "unknown WebSocket opcode 3"),
                new Row("a wrong Sec-WebSocket-Accept", head -> bytes(RawServer.switching(head).replaceAll("Accept: .*\r\n",
                        "Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n")), FailureSignature.PROTOCOL_ERROR, "does not match the key"),
                new Row("a 200 instead of 101", head -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"),
                        FailureSignature.WS_HANDSHAKE_REJECTED, "200")).flatMap(row -> Stream.of(
                                Arguments.of(row, "on the I/O loop", new HttpTransport()),
                                Arguments.of(row, "on a thread", new HttpTransport().threadPerExchange())));
    }

    /** Each row twice: the WebSocket read on the shared I/O loop (ws:// without a proxy), and on a thread. */
    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("rows")
    void theClientMakesOfTheWireWhatTheRowSays(Row row, String how, HttpTransport transport) throws Exception {
        try (RawServer server = new RawServer("127.0.0.1", row.answer())) {
            CheckResult c = Runs.run(Runs.plan("""
                    timeout: 2s
                    services: { chat: { checks: { events: { websocket: { url: "ws://127.0.0.1:%d/ws", expect: [hello] } } } } }
                    """.formatted(server.port()), java.util.Map.of(), transport)).checks().get(0);

            assertThat(c.signature()).as(c.detail()).isEqualTo(row.wanted());
            assertThat(c.detail()).contains(row.holds());
        }
    }
}
