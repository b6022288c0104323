package dev.greenlight.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the headers and trailers of a gRPC answer without a health response say: an HTTP status in place of a gRPC
 * answer (a proxy's, a web server's), or the call's {@code grpc-status} and {@code grpc-message}, as failure signatures.
 */
final class GrpcStatus {

    /** gRPC's status codes, 0 to 16. */
    private static final List<String> CODES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
            "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
            "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED");

    private GrpcStatus() {
    }

    /**
     * What the first headers of an answer that is not a gRPC call's say; null when they are one's (HTTP 200,
     * application/grpc, or a grpc-status). gRPC answers every call with 200: another status is a proxy's or a web
     * server's, which gRPC clients read as the codes of gRPC's HTTP mapping.
     */
    static Answer refused(Map<String, String> fields, Endpoint endpoint) {
        String status = fields.getOrDefault(":status", "");
        String server = fields.containsKey("server") ? " (server: " + fields.get("server") + ")" : "";
        String instead = "HTTP " + status + " in place of a gRPC answer" + server;
        switch (status) {
            case "200" -> {
                String type = fields.getOrDefault("content-type", "");
                return type.startsWith("application/grpc") || fields.containsKey("grpc-status") ? null
                        : new Answer(FailureSignature.PROTOCOL_ERROR, "HTTP 200 with content-type '" + type + "'" + server
                                + ": an HTTP/2 server that does not serve gRPC on " + endpoint);
            }
            case "502", "503", "504" -> {
                return new Answer(FailureSignature.UPSTREAM_FAILED, instead + ": a proxy in front of the gRPC server "
                        + "answered, and the server behind it did not");
            }
            case "401", "403" -> {
                return new Answer(FailureSignature.AUTH_FAILED, instead + ": the health call is refused without credentials");
            }
            case "404" -> {
                return new Answer(FailureSignature.QUERY_FAILED, instead + ": no route for gRPC calls on " + endpoint);
            }
            default -> {
                return new Answer(FailureSignature.HTTP_STATUS, instead);
            }
        }
    }

    /** The end of a call that gave no health response: what its grpc-status and grpc-message say. */
    static Answer ended(Map<String, String> trailers, String service) {
        String code = trailers.get("grpc-status");
        int status;
        try {
            status = Integer.parseInt(code == null ? "" : code.strip());
        } catch (NumberFormatException e) {
            return new Answer(FailureSignature.PROTOCOL_ERROR, "the call ended without a health response and without a "
                    + "grpc-status" + (code == null ? "" : " it could read ('" + code + "')"));
        }
        String message = percentDecoded(trailers.getOrDefault("grpc-message", ""));
        String said = "grpc-status " + status + " " + (status >= 0 && status < CODES.size() ? CODES.get(status) : "")
                + (message.isBlank() ? "" : ": " + message);
        return switch (status) {
            case 0 -> new Answer(FailureSignature.PROTOCOL_ERROR, "the call ended OK without a health response (" + said + ")");
            case 12 -> new Answer(FailureSignature.QUERY_FAILED, "the server has no gRPC health service (" + said + "): "
                    + "register grpc.health.v1.Health, or point the check at the port that has it");
            case 5 -> new Answer(FailureSignature.QUERY_FAILED, "the health service does not know service '" + service
                    + "' (" + said + "): the name is not the one the server registers");
            case 14 -> proxied(trailers, message)
                    ? new Answer(FailureSignature.UPSTREAM_FAILED, "a proxy in front of the gRPC server answered, and the "
                            + "server behind it did not (" + said + ")")
                    : new Answer(FailureSignature.NOT_ACCEPTING, "the server does not take calls now (" + said + ")");
            case 7, 16 -> new Answer(FailureSignature.AUTH_FAILED, "the health call is refused without credentials ("
                    + said + ")");
            case 4 -> new Answer(FailureSignature.READ_TIMEOUT, "the health call did not finish in time (" + said + ")");
            default -> new Answer(FailureSignature.QUERY_FAILED, "the health call failed (" + said + ")");
        };
    }

    /** An UNAVAILABLE said by a proxy (Envoy, nginx, a mesh's sidecar) for the server behind it. */
    private static boolean proxied(Map<String, String> trailers, String message) {
        return PROXY_SAID.matcher(message).find() || trailers.containsKey("via")
                || trailers.getOrDefault("server", "").toLowerCase(Locale.ROOT).contains("envoy");
    }

    private static final Pattern PROXY_SAID = Pattern.compile(
            "(?i)(upstream|no[ _]healthy|connection (refused|failure|termination)|delayed connect|bad gateway)");

    /** grpc-message is percent-encoded UTF-8. */
    private static String percentDecoded(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(text.charAt(i + 1), 16) << 4 | Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
