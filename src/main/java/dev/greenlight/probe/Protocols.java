package dev.greenlight.probe;

/**
 * Names the protocol a port speaks from the first bytes it answered with, so a database or cache check
 * pointed at the wrong port says "this port speaks HTTP" instead of blaming credentials.
 */
final class Protocols {

    private Protocols() {
    }

    /** "HTTP", "TLS", "SSH", ... or null when the bytes say nothing known. */
    static String name(String firstBytes) {
        if (firstBytes == null || firstBytes.isEmpty()) {
            return null;
        }
        char first = firstBytes.charAt(0);
        if (firstBytes.startsWith("HTTP/") || firstBytes.startsWith("<!DOCTYPE") || firstBytes.startsWith("<html")) {
            return "HTTP";
        }
        if ((first == 0x15 || first == 0x16) && firstBytes.length() > 1 && firstBytes.charAt(1) == 0x03) {
            return "TLS";
        }
        if (firstBytes.startsWith("SSH-")) {
            return "SSH";
        }
        if (firstBytes.startsWith("220 ") || firstBytes.startsWith("220-")) {
            return "SMTP or FTP";
        }
        if (first == '-' || first == '+' || first == '$' || first == '*' || first == ':') {
            return "Redis (RESP)";
        }
        if (first == 'E' || first == 'R' || first == 'S' || first == 'N') {
            return "PostgreSQL";
        }
        return null;
    }

    /** "this port speaks HTTP (HTTP/1.1 400 Bad Request)" or "it answered 0x..": for a PROTOCOL_ERROR's detail. */
    static String describe(String firstBytes) {
        String name = name(firstBytes);
        String shown = printable(firstBytes);
        return name != null ? "this port speaks " + name + " (" + shown + ")" : "it answered " + shown;
    }

    private static String printable(String bytes) {
        StringBuilder out = new StringBuilder();
        for (char c : bytes.toCharArray()) {
            if (c == '\r' || c == '\n') {
                break; // the first line says enough
            }
            if (out.length() >= 60) {
                out.append("...");
                break;
            }
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return out.toString();
    }
}
