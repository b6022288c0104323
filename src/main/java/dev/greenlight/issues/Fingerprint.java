package dev.greenlight.issues;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes two failures the same issue: the environment, the service and the class of its signature (a database
 * that refuses one run and times out the next is one outage, not two issues). Written into the issue body as a
 * hidden marker so a later run finds the issue again.
 */
public record Fingerprint(String value, String environment) {

    private static final Pattern MARKER = Pattern.compile("<!-- greenlight:fingerprint=([0-9a-f]{16}) environment=(\\S+) -->");

    public static Fingerprint of(String environment, String service, String signature) {
        String key = environment + "\n" + service + "\n" + signatureClass(signature);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return new Fingerprint(HexFormat.of().formatHex(digest).substring(0, 16), environment);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Signatures that name one kind of trouble seen in different ways fall into one class. */
    static String signatureClass(String signature) {
        return switch (signature) {
            case "CONNECTION_REFUSED", "CONNECT_TIMEOUT", "CONNECTION_RESET", "NETWORK_UNREACHABLE", "READ_TIMEOUT" -> "unreachable";
            case "DNS_FAILURE", "DNS_NXDOMAIN", "DNS_TIMEOUT", "DNS_UNEXPECTED_ADDRESS" -> "dns";
            case "TLS_FAILURE", "TLS_EXPIRED", "TLS_NOT_YET_VALID", "TLS_UNTRUSTED", "TLS_HOSTNAME_MISMATCH" -> "tls";
            case "HTTP_STATUS", "REPORTED_DOWN", "BODY_MISMATCH", "CONDITION_FAILED" -> "unhealthy";
            case "STARTING", "STUCK", "STARTED_LATE" -> "startup";
            default -> signature.toLowerCase(Locale.ROOT);
        };
    }

    /** The hidden line that carries this fingerprint in an issue body. */
    public String marker() {
        return "<!-- greenlight:fingerprint=" + value + " environment=" + environment + " -->";
    }

    /** The fingerprint an issue body carries, if Greenlight wrote it. */
    public static Optional<Fingerprint> in(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = MARKER.matcher(body);
        return m.find() ? Optional.of(new Fingerprint(m.group(1), m.group(2))) : Optional.empty();
    }
}
