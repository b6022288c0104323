package dev.greenlight.probe.wire;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * HPACK (RFC 7541), HTTP/2's header compression, as far as a probe needs it: header blocks written as literals (never
 * indexed, never Huffman-coded: the simplest a server must read), and read in full, with the static and dynamic tables
 * and Huffman-coded strings, which servers use for their answers and trailers ({@code grpc-status}).
 */
public final class Hpack {

    /** RFC 7541 Appendix A. */
    private static final String[][] STATIC = {
        {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
        {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
        {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
        {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""}, {"cache-control", ""},
        {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""}, {"content-length", ""},
        {"content-location", ""}, {"content-range", ""}, {"content-type", ""}, {"cookie", ""}, {"date", ""}, {"etag", ""},
        {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""}, {"if-match", ""}, {"if-modified-since", ""},
        {"if-none-match", ""}, {"if-range", ""}, {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""},
        {"location", ""}, {"max-forwards", ""}, {"proxy-authenticate", ""}, {"proxy-authorization", ""}, {"range", ""},
        {"referer", ""}, {"refresh", ""}, {"retry-after", ""}, {"server", ""}, {"set-cookie", ""},
        {"strict-transport-security", ""}, {"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""},
        {"www-authenticate", ""}};

    /**
     * The length in bits of each symbol's Huffman code (RFC 7541 Appendix B), 'A' for 5 to 'Z' for 30, symbols 0 to 256
     * (EOS). The code is canonical: codes are numbered in order of length, then of symbol, so the lengths are the table.
     */
    private static final String CODE_LENGTHS = "ISXXXXXXXTZXXZXXXXXXXXZXXXXXXXXXBFFHIBDGFFDGDBBBAAABBBBBBBCDKBHFIBCCCCCCCCCCCCCCCCCCCCCCDCDIOIJBKABABABBBACCBBBABCBAABCCCCCKGJIXPRPPRRRSRSSSSSTSTTRSTSSSSQRSRSSTRQPRRSSQSRRTQRSSQQRQSRSSPRRRSRRSVVPORSRUVVVWWVTUOQVWWVWTQQVVXWWWPTPQRQQSRRUUTTVSVWVVWWWWWXWWWWWVZ";

    private static final int EOS = 256;
    private static final int[] COUNT = new int[31];
    private static final int[] SYMBOLS = new int[257];

    static {
        for (int symbol = 0; symbol <= EOS; symbol++) {
            COUNT[length(symbol)]++;
        }
        int[] next = new int[31];
        for (int len = 1, at = 0; len <= 30; len++) {
            next[len] = at;
            at += COUNT[len];
        }
        for (int symbol = 0; symbol <= EOS; symbol++) {
            SYMBOLS[next[length(symbol)]++] = symbol;
        }
    }

    private static int length(int symbol) {
        return CODE_LENGTHS.charAt(symbol) - 'A' + 5;
    }

    private Hpack() {
    }

    /** A literal header field without indexing, its name and value as plain strings. */
    public static void literal(ByteArrayOutputStream block, String name, String value) {
        block.write(0x00);
        string(block, name);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        integer(block, bytes.length, 7, 0x00);
        block.writeBytes(bytes);
    }

    /** An integer with an N-bit prefix, the byte's other bits set to {@code flags}. */
    static void integer(ByteArrayOutputStream out, int value, int prefixBits, int flags) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(flags | value);
            return;
        }
        out.write(flags | max);
        value -= max;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** A block that breaks the format: the connection's header state is lost with it. */
    public static final class Malformed extends ProtocolException {
        Malformed(String message) {
            super("malformed HPACK header block: " + message);
        }
    }

    /**
     * Reads the header blocks of one connection, in the order they came: each may add to the dynamic table the next
     * ones refer to.
     */
    public static final class Decoder {

        /** SETTINGS_HEADER_TABLE_SIZE's default, which a probe never changes. */
        private static final int TABLE_LIMIT = 4096;

        private final Deque<String[]> dynamic = new ArrayDeque<>();
        private int size;
        private int maxSize = TABLE_LIMIT;
        private byte[] in;
        private int at;

        /** The fields of one whole block (its CONTINUATIONs joined), names in lower case as HTTP/2 sends them. */
        public List<Map.Entry<String, String>> decode(byte[] block) throws Malformed {
            in = block;
            at = 0;
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            while (at < in.length) {
                int b = in[at] & 0xff;
                if ((b & 0x80) != 0) {
                    String[] field = field(integer(7));
                    fields.add(Map.entry(field[0], field[1]));
                } else if ((b & 0xc0) == 0x40) {
                    String[] field = literalField(6);
                    add(field);
                    fields.add(Map.entry(field[0], field[1]));
                } else if ((b & 0xe0) == 0x20) {
                    int limit = integer(5);
                    if (limit > TABLE_LIMIT) {
                        throw new Malformed("a table size of " + limit + " above the " + TABLE_LIMIT + " allowed");
                    }
                    maxSize = limit;
                    evict();
                } else {
                    String[] field = literalField(4); // without indexing, or never indexed
                    fields.add(Map.entry(field[0], field[1]));
                }
            }
            return fields;
        }

        private String[] literalField(int prefixBits) throws Malformed {
            int index = integer(prefixBits);
            String name = index == 0 ? string() : field(index)[0];
            return new String[] {name, string()};
        }

        private String[] field(int index) throws Malformed {
            if (index >= 1 && index <= STATIC.length) {
                return STATIC[index - 1];
            }
            int dynamicIndex = index - STATIC.length - 1;
            if (index < 1 || dynamicIndex >= dynamic.size()) {
                throw new Malformed("index " + index + " is in neither table");
            }
            return dynamic.stream().skip(dynamicIndex).findFirst().orElseThrow();
        }

        private void add(String[] field) {
            int entry = field[0].length() + field[1].length() + 32;
            dynamic.addFirst(field);
            size += entry;
            evict();
        }

        private void evict() {
            while (size > maxSize && !dynamic.isEmpty()) {
                String[] last = dynamic.removeLast();
                size -= last[0].length() + last[1].length() + 32;
            }
        }

        private int integer(int prefixBits) throws Malformed {
            int max = (1 << prefixBits) - 1;
            int value = next() & max;
            if (value < max) {
                return value;
            }
            for (int shift = 0; shift <= 21; shift += 7) {
                int b = next();
                value += (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new Malformed("an integer longer than 28 bits");
        }

        private String string() throws Malformed {
            boolean huffman = (in.length > at) && (in[at] & 0x80) != 0;
            int length = integer(7);
            if (length > in.length - at) {
                throw new Malformed("a string of " + length + " bytes where " + (in.length - at) + " are left");
            }
            int from = at;
            at += length;
            return huffman ? huffman(in, from, length)
                    : new String(in, from, length, StandardCharsets.ISO_8859_1);
        }

        private int next() throws Malformed {
            if (at >= in.length) {
                throw new Malformed("the block ends inside a field");
            }
            return in[at++] & 0xff;
        }
    }

    /** A Huffman-coded string: canonical codes read bit by bit, the padding at the end the EOS code's first bits. */
    static String huffman(byte[] data, int from, int length) throws Malformed {
        StringBuilder out = new StringBuilder(length * 8 / 5);
        int code = 0;
        int first = 0;
        int index = 0;
        int len = 0;
        boolean allOnes = true;
        for (int i = from; i < from + length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                int b = (data[i] >> bit) & 1;
                code |= b;
                allOnes &= b == 1;
                len++;
                int count = COUNT[len];
                if (code - first < count) {
                    int symbol = SYMBOLS[index + code - first];
                    if (symbol == EOS) {
                        throw new Malformed("a string holds the end-of-string code");
                    }
                    out.append((char) symbol);
                    code = first = index = len = 0;
                    allOnes = true;
                    continue;
                }
                index += count;
                first = (first + count) << 1;
                code <<= 1;
                if (len == 30) {
                    throw new Malformed("a Huffman code longer than any");
                }
            }
        }
        if (len > 7 || !allOnes) {
            throw new Malformed("a Huffman string padded with other than the end-of-string code's first bits");
        }
        return out.toString();
    }
}
