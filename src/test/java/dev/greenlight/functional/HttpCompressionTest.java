package dev.greenlight.functional;

import static dev.greenlight.functional.RawServer.bytes;
import static dev.greenlight.functional.RawServer.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.probe.FailureSignature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** {@code compressed: true}: gzip and deflate bodies decoded for conditions, a gzip bomb stopped at the body cap. */
class HttpCompressionTest {

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] answer(String encoding, byte[] body) {
        return concat(bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: " + encoding
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"), body);
    }

    private static CheckResult check(int port, String extra) throws Exception {
        return Runs.run("""
                services: { api: { checks: { health: { http: { url: "http://127.0.0.1:%d/", compressed: true %s }, expect: ["[BODY].status == UP"] } } } }
                """.formatted(port, extra)).checks().get(0);
    }

    @Test
    void aGzipBodyIsAskedForAndDecodedForTheConditions() throws Exception {
        byte[] json = "{\"status\": \"UP\"}".getBytes(StandardCharsets.UTF_8);
        try (RawServer server = new RawServer("127.0.0.1", head -> answer("gzip", gzip(json)))) {
            CheckResult c = check(server.port(), "");

            assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(RawServer.header(server.heads().get(0), "Accept-Encoding")).isEqualTo("gzip, deflate");
            assertThat(c.observation().body()).isEqualTo("{\"status\": \"UP\"}");
        }
    }

    @Test
    void aDeflateBodyIsDecodedToo() throws Exception {
        byte[] json = "{\"status\": \"UP\"}".getBytes(StandardCharsets.UTF_8);
        try (RawServer server = new RawServer("127.0.0.1", head -> answer("deflate", deflate(json)))) {
            assertThat(check(server.port(), "").status()).isEqualTo(CheckStatus.PASS);
        }
    }

    @Test
    void withoutCompressedNothingIsAskedFor() throws Exception {
        try (RawServer server = new RawServer("127.0.0.1", head -> bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{\"status\": \"UP\"}"))) {
            Runs.run("services: { api: { checks: { health: { http: \"http://127.0.0.1:%d/\" } } } }".formatted(server.port()));

            assertThat(RawServer.header(server.heads().get(0), "Accept-Encoding")).isNull();
        }
    }

    @Test
    void aGzipBombStopsAtTheBodyCap() throws Exception {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]); // 64 MiB of zeros in about 64 KiB
        assertThat(bomb.length).isLessThan(128 * 1024);
        try (RawServer server = new RawServer("127.0.0.1", head -> answer("gzip", bomb))) {
            CheckResult c = check(server.port(), ", max_body: 1MiB");

            assertThat(c.signature()).as(c.detail()).isEqualTo(FailureSignature.BODY_TOO_LARGE);
        }
    }

    @Test
    void aBodyThatDoesNotDecodeIsAProtocolError() throws Exception {
        try (RawServer server = new RawServer("127.0.0.1", head -> answer("gzip", bytes("not gzip at all")))) {
            CheckResult c = check(server.port(), "");

            assertThat(c.signature()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
            assertThat(c.detail()).contains("Content-Encoding: gzip but does not decode");
        }
    }
}
