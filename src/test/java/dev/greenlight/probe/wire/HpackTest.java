package dev.greenlight.probe.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HPACK's reading against RFC 7541's own examples (Appendix C), and the ways a block can break it. */
class HpackTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static List<Map.Entry<String, String>> fields(String... pairs) {
        List<Map.Entry<String, String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(Map.entry(pairs[i], pairs[i + 1]));
        }
        return out;
    }

    @Test
    void threeRequestsWithHuffmanCodingReadAsTheRfcSaysSharingTheDynamicTable() throws Exception {
        Hpack.Decoder decoder = new Hpack.Decoder();

        // C.4.1, C.4.2, C.4.3: the second and third refer to entries the earlier ones added
        assertThat(decoder.decode(hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")))
                .isEqualTo(fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com"));
        assertThat(decoder.decode(hex("8286 84be 5886 a8eb 1064 9cbf"))).isEqualTo(fields(":method", "GET", ":scheme", "http",
                ":path", "/", ":authority", "www.example.com", "cache-control", "no-cache"));
        assertThat(decoder.decode(hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"))).isEqualTo(fields(
                ":method", "GET", ":scheme", "https", ":path", "/index.html", ":authority", "www.example.com",
                "custom-key", "custom-value"));
    }

    @Test
    void whatTheProbeWritesReadsBackAndAShrunkTableForgetsItsEntries() throws Exception {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        Hpack.literal(block, "grpc-message", "x".repeat(200)); // a length past the 7-bit prefix
        Hpack.Decoder decoder = new Hpack.Decoder();

        assertThat(decoder.decode(block.toByteArray())).isEqualTo(fields("grpc-message", "x".repeat(200)));
        decoder.decode(hex("4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf")); // adds custom-key: custom-value
        assertThat(decoder.decode(hex("be"))).isEqualTo(fields("custom-key", "custom-value"));
        assertThat(decoder.decode(hex("20"))).isEmpty(); // the table's size set to 0: every entry evicted
        assertThatThrownBy(() -> decoder.decode(hex("be"))).isInstanceOf(Hpack.Malformed.class)
                .hasMessageContaining("index 62 is in neither table");
    }

    @Test
    void brokenBlocksAreMalformedNotMisread() {
        Hpack.Decoder decoder = new Hpack.Decoder();

        assertThatThrownBy(() -> decoder.decode(hex("80"))).hasMessageContaining("index 0");
        assertThatThrownBy(() -> decoder.decode(hex("0085 f1e3"))).hasMessageContaining("a string of 5 bytes where 2 are left");
        // "no-cache" with its last byte's padding bits cleared: not the end-of-string code's first bits
        assertThatThrownBy(() -> decoder.decode(hex("0f09 86a8 eb10 649c b0"))).hasMessageContaining("padded with other");
        assertThatThrownBy(() -> decoder.decode(hex("3fe2 1f"))).hasMessageContaining("a table size of");
    }
}
