package dev.greenlight.probe.wire;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of an HTTP/1.1 message, both ways, for every client that speaks it (the HTTP probe, the WebSocket
 * upgrade, a proxy's CONNECT): a request line and its fields written out; a status line and its fields read
 * back, bounded in line length and count, repeated fields kept, obs-fold unfolded.
 */
final class HttpHead {

    static final int MAX_LINE = 16 * 1024;
    static final int MAX_FIELDS = 200;

    private HttpHead() {
    }

    /** A request head: {@code METHOD target HTTP/1.1}, the fields in their order, the empty line. */
    static byte[] request(String method, String target, Map<String, String> fields) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        fields.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The origin-form target of a URL: its path ("/" when empty) and query. */
    static String target(java.net.URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /** The status code of a status line, or -1 when the line is not one ({@code HTTP/1.x NNN [reason]}). */
    static int statusCode(String line) {
        if (line == null || line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' '
                || line.length() > 12 && line.charAt(12) != ' ') {
            return -1;
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code >= 100 && code <= 599 ? code : -1;
    }

    /** Reads the status line; EOF before it and a line that is not one are failures that say so. */
    static int readStatus(DeadlineInput in) throws IOException {
        String line = in.readLine(MAX_LINE);
        if (line == null) {
            throw new EOFException("the server closed the connection without answering");
        }
        int code = statusCode(line);
        if (code < 0) {
            throw new ProtocolException("not an HTTP/1.x status line: '" + printable(line) + "'");
        }
        return code;
    }

    /** The fields up to the empty line: names in lower case, repeated fields combined ({@link #add}). */
    static Map<String, String> readFields(DeadlineInput in) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (int count = 0; ; count++) {
            String line = in.readLine(MAX_LINE);
            if (line == null) {
                throw new EOFException("the connection closed in the middle of the headers");
            }
            if (line.isEmpty()) {
                return fields;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                // obs-fold (RFC 9112 5.2): a user agent replaces it with a space
                fields.put(last, fields.get(last) + " " + line.trim());
                continue;
            }
            last = name(line, count, "header");
            add(fields, last, line.substring(line.indexOf(':') + 1).trim());
        }
    }

    /** The trailer fields after the last chunk, merged into the headers (bounded like them). */
    static void readTrailers(DeadlineInput in, Map<String, String> fields) throws IOException {
        for (int count = 0; ; count++) {
            String line = in.readLine(MAX_LINE);
            if (line == null || line.isEmpty()) {
                return; // the end of the trailers, or a server that closed right after the last chunk
            }
            add(fields, name(line, count, "trailer"), line.substring(line.indexOf(':') + 1).trim());
        }
    }

    /**
     * A repeated field keeps every value, combined as RFC 9110 5.3 allows ("a, b"); Set-Cookie, whose values hold
     * commas, one per line.
     */
    static void add(Map<String, String> fields, String name, String value) {
        fields.merge(name, value, (a, b) -> a + (name.equals("set-cookie") ? "\n" : ", ") + b);
    }

    private static String name(String line, int count, String what) throws ProtocolException {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new ProtocolException("bad " + what + " line '" + printable(line) + "'");
        }
        if (count >= MAX_FIELDS) {
            throw new ProtocolException("more than " + MAX_FIELDS + " " + what + " fields");
        }
        return line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    }

    /** A line as evidence: at most 80 characters, anything not printable ASCII as '?'. */
    static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
