package dev.greenlight.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Socket.IO over a WebSocket ({@code ws://host/socket.io/?EIO=4&transport=websocket}): the Engine.IO packets that carry
 * it (open, ping, message) and the Socket.IO packets inside (connect, disconnect, event, ack, connect_error).
 *
 * <p>A Socket.IO server accepts every WebSocket upgrade and sends Engine.IO's open packet; whether the application takes
 * the connection is said only after the client asks for a namespace ({@code 40}): {@code 40{"sid":...}} when its
 * middleware (often the auth check) lets it in, {@code 44{"message":"unauthorized"}} when not. A check that only
 * stays connected passed both; it now asks, and fails on the refusal.
 */
final class SocketIo {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Socket.IO's packet types, after Engine.IO's message type 4. */
    private static final Pattern PACKET = Pattern.compile("4([0-6])(?:(/[^,]*),)?(\\d*)(.*)", Pattern.DOTALL);

    private SocketIo() {
    }

    /** Whether {@code url} is Socket.IO's WebSocket endpoint: a path under {@code /socket.io} and an {@code EIO} version. */
    static boolean isEndpoint(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : url.getRawQuery();
        return path.contains("/socket.io") && ("&" + query).contains("&EIO=");
    }

    /** The packet that asks for {@code namespace} ("/" for the main one), with the check's token as its auth payload. */
    static String connect(String namespace, String bearer) {
        String prefix = namespace == null || namespace.equals("/") ? "" : namespace + ",";
        if (bearer == null) {
            return "40" + prefix;
        }
        return "40" + prefix + JSON.createObjectNode().put("token", bearer);
    }

    /** What a frame is. */
    enum Kind { OPEN, PING, IGNORED, CONNECTED, CONNECT_ERROR, DISCONNECTED, EVENT, CLOSE }

    /**
     * A frame read: its kind, and for events its name ({@code connect_error} for a refusal; the event's own for
     * {@code 42["chat_message", ...]}; {@code ack} for an acknowledgement).
     */
    record Packet(Kind kind, String name, String namespace) {
    }

    static Packet read(String frame) {
        if (frame.isEmpty()) {
            return new Packet(Kind.IGNORED, null, null);
        }
        switch (frame.charAt(0)) {
            case '0':
                return new Packet(Kind.OPEN, null, null);
            case '1':
                return new Packet(Kind.CLOSE, null, null);
            case '2':
                return new Packet(Kind.PING, null, null);
            case '4':
                break;
            default:
                return new Packet(Kind.IGNORED, null, null); // pong, upgrade, noop
        }
        Matcher m = PACKET.matcher(frame);
        if (!m.matches()) {
            return new Packet(Kind.IGNORED, null, null);
        }
        String namespace = m.group(2) == null ? "/" : m.group(2);
        String data = m.group(4).startsWith("-") ? m.group(4).substring(1) : m.group(4); // 451-[...]: a binary event
        return switch (m.group(1).charAt(0)) {
            case '0' -> new Packet(Kind.CONNECTED, "connect", namespace);
            case '1' -> new Packet(Kind.DISCONNECTED, "disconnect", namespace);
            case '2', '5' -> new Packet(Kind.EVENT, eventName(data), namespace);
            case '3', '6' -> new Packet(Kind.EVENT, "ack", namespace);
            default -> new Packet(Kind.CONNECT_ERROR, "connect_error", namespace);
        };
    }

    /** The message of a refusal ({@code 44{"message":"unauthorized"}}), or the frame's data. */
    static String refusal(String frame) {
        int brace = frame.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode message = JSON.readTree(frame.substring(brace)).get("message");
                if (message != null && message.isTextual()) {
                    return message.asText();
                }
            } catch (java.io.IOException | RuntimeException e) {
                // said as sent
            }
        }
        return frame;
    }

    /** An event's name: the first element of its array ({@code ["chat_message", {...}]}). */
    private static String eventName(String data) {
        try {
            JsonNode array = JSON.readTree(data);
            if (array != null && array.isArray() && array.size() > 0 && array.get(0).isTextual()) {
                return array.get(0).asText();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a name cannot be read
        }
        return "event";
    }
}
