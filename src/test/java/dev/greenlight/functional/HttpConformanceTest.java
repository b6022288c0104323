package dev.greenlight.functional;

import static dev.greenlight.functional.RawServer.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.wire.HttpTransport;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP client's conformance, table-driven like blackbox_exporter's prober tests: each row is what a server
 * writes on the wire (correct or not), the check's options, and what Greenlight must make of it.
 */
class HttpConformanceTest {

    /**
     * A row: what the server writes for a request head, the keys of the http map and of the check, the signature
     * wanted, text the detail or body holds, and the pieces the answer is written in (-1: the rest never comes).
     */
    record Row(String name, RawServer.Answer answer, String http, String check, FailureSignature wanted, String holds, int pieces) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row row(String name, String raw, String http, String check, FailureSignature wanted, String holds) {
        return new Row(name, head -> bytes(raw), http, check, wanted, holds, 1);
    }

    private static final String OK_JSON = "HTTP/1.1 200 OK\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{\"status\": \"UP\"}";

    /** 200 with {"m": "METHOD"} of the request. */
    private static byte[] echoMethod(String head) {
        String body = "{\"m\": \"" + head.substring(0, head.indexOf(' ')) + "\"}";
        return bytes("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    static Stream<Arguments> rows() {
        FailureSignature ok = FailureSignature.NONE;
        return Stream.of(
                row("content-length body", OK_JSON, "", "", ok, "{\"status\": \"UP\"}"),
                row("HTTP/1.0, body until close", "HTTP/1.0 200 OK\r\n\r\n{\"status\": \"UP\"}", "", "", ok, "UP"),
                row("status line without a reason", "HTTP/1.1 204\r\n\r\n", "", "expect: [\"[STATUS] == 204\"]", ok, ""),
                row("not HTTP at all", "ICY 200 OK\r\n\r\n", "", "", FailureSignature.PROTOCOL_ERROR, "not an HTTP/1.x status line"),
                row("a status code that is not a number", "HTTP/1.1 2x0 OK\r\n\r\n", "", "", FailureSignature.PROTOCOL_ERROR,
                        "not an HTTP/1.x status line: 'HTTP/1.1 2x0 OK'"),
                row("100 Continue before the answer", "HTTP/1.1 100 Continue\r\n\r\n" + OK_JSON, "", "", ok, "UP"),
                row("103 Early Hints before the answer", "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" + OK_JSON,
                        "", "", ok, "UP"),
                row("chunked with extensions", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\n\r\n",
                        "", "expect: [\"[BODY] == hello\"]", ok, "hello"),
                row("a chunk size that is not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                        "", "", FailureSignature.PROTOCOL_ERROR, "bad chunk size"),
                row("a body shorter than its Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort", "", "",
                        FailureSignature.CONNECTION_RESET, "5 bytes into a body of 50"),
                row("an obs-folded header is unfolded", "HTTP/1.1 200 OK\r\nX-Note: first\r\n  second\r\nContent-Length: 2\r\n\r\n{}",
                        "", "expect: [\"[HEADER].x-note == \\\"first second\\\"\"]", ok, ""),
                row("a header line without a colon", "HTTP/1.1 200 OK\r\nthis is not a header\r\n\r\n", "", "",
                        FailureSignature.PROTOCOL_ERROR, "bad header line"),
                row("304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n", "", "expect: [\"[STATUS] == 304\"]",
                        ok, ""),
                row("HEAD does not wait for the body its length announces", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
                        "method: HEAD", "", ok, ""),
                row("a body over max_body", "HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n" + "x".repeat(4000), "max_body: 1KiB", "",
                        FailureSignature.BODY_TOO_LARGE, ""),
                row("5xx with a body", "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 11\r\n\r\nmaintenance", "", "",
                        FailureSignature.HTTP_STATUS, "503"),
                new Row("an answer trickled in 8 pieces", head -> bytes(OK_JSON), "", "", ok, "UP", 8),
                new Row("headers that never end (slowloris)", head -> bytes("HTTP/1.1 200 OK\r\nX-A: 1\r\n"), "", "timeout: 1s",
                        FailureSignature.READ_TIMEOUT, "", -1),
                new Row("301 from POST becomes GET", head -> head.startsWith("POST")
                        ? bytes("HTTP/1.1 301 Moved\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n") : echoMethod(head),
                        "method: POST, body: x", "", ok, "{\"m\": \"GET\"}", 1),
                new Row("307 to a relative path keeps the method and the body", head -> head.startsWith("POST /start/next")
                        ? echoMethod(head) : bytes("HTTP/1.1 307 Temporary\r\nLocation: next\r\nContent-Length: 0\r\n\r\n"),
                        "path_suffix: start/, method: POST, body: x", "", ok, "{\"m\": \"POST\"}", 1),
                row("a redirect loop ends", "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n", "max_redirects: 3", "",
                        FailureSignature.TOO_MANY_REDIRECTS, "")).flatMap(row -> Stream.of(
                                Arguments.of(row, "on the I/O loop", new HttpTransport()),
                                Arguments.of(row, "on a thread", new HttpTransport().threadPerExchange())));
    }

    /** Each row twice: the first request waiting on the shared I/O loop (plain http to an address), and on a thread. */
    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("rows")
    void theClientMakesOfTheWireWhatTheRowSays(Row row, String how, HttpTransport transport) throws Exception {
        try (RawServer server = new RawServer("127.0.0.1", row.answer())) {
            if (row.pieces() > 1) {
                server.trickle(row.pieces(), 40);
            } else if (row.pieces() < 0) {
                server.trickle(2, 5_000);
            }
            String suffix = row.http().contains("path_suffix: ") ? row.http().replaceAll(".*path_suffix: ([^,]+).*", "$1") : "";
            String http = row.http().replaceAll("path_suffix: [^,]+,? ?", "");
            CheckResult c = Runs.run(Runs.plan("""
                    services: { api: { checks: { probe: { http: { url: "http://127.0.0.1:%d/%s" %s } %s } } } }
                    """.formatted(server.port(), suffix, http.isEmpty() ? "" : ", " + http,
                    row.check().isEmpty() ? "" : ", " + row.check()), java.util.Map.of(), transport)).checks().get(0);

            assertThat(c.signature()).as(c.detail()).isEqualTo(row.wanted());
            String outcome = c.detail() + " " + (c.observation() == null || c.observation().body() == null ? "" : c.observation().body());
            assertThat(outcome).contains(row.holds());
        }
    }
}
