package dev.greenlight.probe.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The one HTTP head codec the HTTP probe, the WebSocket upgrade and a proxy's CONNECT share, read off a real loopback
 * socket (the end-to-end conformance suites drive it through whole checks: functional.HttpConformanceTest and friends).
 */
class HttpHeadTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTP/1.1 200 OK             | 200
            HTTP/1.0 503                | 503
            HTTP/1.1 101 Switching      | 101
            HTTP/1.1 2x0 OK             | -1
            HTTP/1.1 1o1 Switching      | -1
            HTTP/1.1 20 OK              | -1
            HTTP/1.1 2000 OK            | -1
            HTTP/1.1 600 Beyond         | -1
            HTTP/2 200                  | -1
            ICY 200 OK                  | -1
            """)
    void aStatusLineIsHttp1WithAThreeDigitCodeOrItIsNone(String line, int code) {
        assertThat(HttpHead.statusCode(line.strip())).isEqualTo(code);
    }

    @Test
    void repeatedFieldsAreKeptFoldedLinesUnfoldedAndNamesLowerCased() throws Exception {
        Map<String, String> fields = fieldsOf("HTTP/1.1 200 OK\r\nVia: 1.1 edge\r\nVIA: 1.1 mesh\r\nSet-Cookie: a=1, x\r\n"
                + "Set-Cookie: b=2\r\nX-Long: first\r\n  second\r\n\r\n");
        assertThat(fields).containsEntry("via", "1.1 edge, 1.1 mesh").containsEntry("set-cookie", "a=1, x\nb=2")
                .containsEntry("x-long", "first second");
    }

    @Test
    void aHeadThatBreaksTheRulesIsAProtocolErrorThatShowsTheLine() throws Exception {
        assertThatThrownBy(() -> fieldsOf("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("bad header line 'no colon here'");
        assertThatThrownBy(() -> fieldsOf("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(HttpHead.MAX_FIELDS + 1) + "\r\n"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("more than " + HttpHead.MAX_FIELDS);
        assertThatThrownBy(() -> fieldsOf("HTTP/1.1 200 OK\r\nX: " + "a".repeat(HttpHead.MAX_LINE) + "\r\n\r\n"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("longer than " + HttpHead.MAX_LINE);
        assertThatThrownBy(() -> fieldsOf("HTTP/1.1 200 OK\r\nX: y\r\n")).isInstanceOf(EOFException.class)
                .hasMessageContaining("in the middle of the headers");
        assertThatThrownBy(() -> fieldsOf("")).isInstanceOf(EOFException.class).hasMessageContaining("without answering");
        assertThatThrownBy(() -> fieldsOf("HTTP/1.1 2x0 \u0001OK\r\n\r\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'HTTP/1.1 2x0 ?OK'");
    }

    @Test
    void aRequestHeadHasItsTargetInOriginFormAndItsFieldsInOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Host", "[::1]:8080");
        fields.put("Accept", "*/*");
        String head = new String(HttpHead.request("GET", HttpHead.target(URI.create("http://[::1]:8080?x=1")), fields),
                StandardCharsets.UTF_8);
        assertThat(head).isEqualTo("GET /?x=1 HTTP/1.1\r\nHost: [::1]:8080\r\nAccept: */*\r\n\r\n");
        assertThat(HttpHead.target(URI.create("http://h/a%20b/c?q=%2F"))).isEqualTo("/a%20b/c?q=%2F");
    }

    /** Serves {@code answer} from a real loopback socket, closes, and reads it back as a status line and fields. */
    private static Map<String, String> fieldsOf(String answer) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket served = server.accept()) {
            OutputStream out = served.getOutputStream();
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            served.shutdownOutput();
            DeadlineInput in = new DeadlineInput(client, System.nanoTime() + 5_000_000_000L);
            HttpHead.readStatus(in);
            return HttpHead.readFields(in);
        }
    }
}
