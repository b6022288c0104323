package dev.greenlight.probe;

import dev.greenlight.probe.wire.Hpack;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.TlsOptions;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * gRPC's health check ({@code grpc.health.v1.Health/Check}, what Kubernetes' grpc probes and {@code grpc_health_probe}
 * call) over HTTP/2 with prior knowledge, in the clear or over TLS (ALPN h2, the https checks' trust), on its own small
 * client: the JDK's has no HTTP/2 without TLS but by an Upgrade
 * that gRPC servers refuse, and no trailers. The server's own word is the health response's status: SERVING passes,
 * NOT_SERVING and UNKNOWN are {@code REPORTED_DOWN}; a port that accepts connections is all a tcp check sees of a server
 * that says NOT_SERVING. A call that ends without a health response is judged by its grpc-status (HPACK-decoded):
 * no health service, an unknown service name, a proxy's UNAVAILABLE for the server behind it; an HTTP status other
 * than 200 is a proxy's or a web server's answer in place of the server's.
 */
final class GrpcProbe implements Probe {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PATH = "/grpc.health.v1.Health/Check";
    private static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7,
            CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;
    private static final int MAX_FRAME = 1 << 16;
    private static final List<String> STATUS = List.of("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN");
    /** SETTINGS_ENABLE_PUSH (2) = 0. */
    private static final byte[] NO_PUSH = {0, 2, 0, 0, 0, 0};

    private final Endpoint endpoint;
    private final String service;
    /** Over TLS with these options; null: in the clear. */
    private final TlsOptions tls;
    private final HttpTransport transport;

    GrpcProbe(Endpoint endpoint, String service, TlsOptions tls, HttpTransport transport) {
        this.endpoint = endpoint;
        this.service = service;
        this.tls = tls;
        this.transport = transport;
    }

    @Override
    public String target() {
        return "grpc" + (tls == null ? " " : "s ") + endpoint + (service.isEmpty() ? "" : " " + service);
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        return SocketExchange.run(target(), endpoint, context, clock, (plain, exchange) -> {
            Socket socket = plain;
            if (tls != null) {
                SSLSocket ssl = transport.handshake(plain, endpoint.host(), endpoint.port(), tls, exchange.deadline(), List.of("h2"));
                if (!"h2".equals(ssl.getApplicationProtocol())) {
                    return exchange.failed(FailureSignature.PROTOCOL_ERROR, "the server on " + endpoint + " did not agree to "
                            + "HTTP/2 over TLS (ALPN: " + (ssl.getApplicationProtocol() == null
                            || ssl.getApplicationProtocol().isEmpty() ? "none" : ssl.getApplicationProtocol()) + "): gRPC needs "
                            + "it", exchange.timings(null, 0));
                }
                socket = ssl;
            }
            OutputStream out = socket.getOutputStream();
            out.write(request());
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 4096));
            in.mark(64);
            byte[] head = new byte[9];
            in.readFully(head);
            if (new String(head, 0, 5, StandardCharsets.ISO_8859_1).startsWith("HTTP/")) {
                in.reset();
                byte[] first = new byte[64];
                int n = Math.max(0, in.read(first));
                return exchange.notThe("gRPC (HTTP/1 only: gRPC needs HTTP/2)",
                        new String(first, 0, n, StandardCharsets.ISO_8859_1), exchange.timings(null, 0));
            }
            Answer answer;
            try {
                answer = answer(head, in, out);
            } catch (ProtocolException e) { // a header block or frame broken: said as such, not as a network failure
                answer = new Answer(FailureSignature.PROTOCOL_ERROR, e.getMessage() + " from " + endpoint);
            }
            return exchange.answered(answer, exchange.timings(null, 0), exchange.sinceConnected(System.nanoTime()));
        });
    }

    /** Frames until the health response, the end of the call, or the server's refusal. */
    private Answer answer(byte[] head, DataInputStream in, OutputStream out) throws IOException {
        Hpack.Decoder decoder = new Hpack.Decoder();
        ByteArrayOutputStream block = null; // a header block waiting for its CONTINUATION frames
        boolean blockEndsCall = false;
        int blockStream = 0;
        Map<String, String> response = null;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (int frames = 0; frames < 64; frames++, head = next(in)) {
            int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
            int type = head[3] & 0xff;
            int flags = head[4] & 0xff;
            int stream = ((head[5] & 0x7f) << 24) | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8 | head[8] & 0xff;
            if (length > MAX_FRAME) {
                return new Answer(FailureSignature.PROTOCOL_ERROR, "not an HTTP/2 server on " + endpoint + " (a frame of "
                        + length + " bytes)");
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (type == HEADERS || type == CONTINUATION) {
                if (type == HEADERS) {
                    block = new ByteArrayOutputStream();
                    blockEndsCall = (flags & END_STREAM) != 0;
                    blockStream = stream;
                } else if (block == null) {
                    return new Answer(FailureSignature.PROTOCOL_ERROR, "a CONTINUATION frame without a HEADERS frame before it");
                }
                block.writeBytes(type == HEADERS ? fragment(payload, flags) : payload);
                if ((flags & END_HEADERS) == 0) {
                    continue;
                }
                Map<String, String> fields = fields(decoder.decode(block.toByteArray())); // every block: the table is shared
                block = null;
                if (blockStream != 1) {
                    continue;
                }
                if (response != null) {
                    return GrpcStatus.ended(fields, service); // trailers, and no whole health response before them
                }
                response = fields;
                Answer refused = GrpcStatus.refused(fields, endpoint);
                if (refused != null) {
                    return refused;
                }
                if (blockEndsCall || fields.containsKey("grpc-status")) {
                    return GrpcStatus.ended(fields, service); // trailers only: the call failed before any response
                }
            } else if (type == SETTINGS && (flags & ACK) == 0) {
                out.write(frame(SETTINGS, ACK, 0, new byte[0]));
                out.flush();
            } else if (type == PING && (flags & ACK) == 0) {
                out.write(frame(PING, ACK, 0, payload));
                out.flush();
            } else if (type == GOAWAY) {
                return new Answer(FailureSignature.PROTOCOL_ERROR, "the server closed the HTTP/2 connection (GOAWAY, error "
                        + (payload.length >= 8 ? errorCode(payload, 4) : -1) + ")");
            } else if (stream == 1 && type == RST_STREAM) {
                return new Answer(FailureSignature.PROTOCOL_ERROR, "the server reset the call (HTTP/2 error "
                        + (payload.length >= 4 ? errorCode(payload, 0) : -1) + ")");
            } else if (stream == 1 && type == DATA && response != null) {
                message.writeBytes(payload);
                Integer status = status(message.toByteArray());
                if (status != null) {
                    String name = status >= 0 && status < STATUS.size() ? STATUS.get(status) : "status " + status;
                    String said = "gRPC health" + (service.isEmpty() ? "" : " of " + service) + ": " + name;
                    return status == 1 ? Answer.pass(said) : new Answer(FailureSignature.REPORTED_DOWN, said);
                }
            }
        }
        return new Answer(FailureSignature.PROTOCOL_ERROR, "no health response in the server's first 64 frames");
    }

    /** A HEADERS frame's header block fragment: without its padding and priority fields. */
    private static byte[] fragment(byte[] payload, int flags) throws ProtocolException {
        int from = ((flags & PADDED) != 0 ? 1 : 0) + ((flags & PRIORITY) != 0 ? 5 : 0);
        int to = payload.length - ((flags & PADDED) != 0 && payload.length > 0 ? payload[0] & 0xff : 0);
        if (from > to) {
            throw new ProtocolException("a HEADERS frame padded past its end");
        }
        return java.util.Arrays.copyOfRange(payload, from, to);
    }

    private static Map<String, String> fields(List<Map.Entry<String, String>> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach(f -> out.merge(f.getKey(), f.getValue(), (a, b) -> a + ", " + b));
        return out;
    }

    private static byte[] next(DataInputStream in) throws IOException {
        byte[] head = new byte[9];
        in.readFully(head);
        return head;
    }

    /**
     * The status of a whole gRPC message (a flag, a 4-byte length, a HealthCheckResponse whose field 1 is the status);
     * null until the message is whole. A response without the field says 0, UNKNOWN, as protobuf's default.
     */
    private static Integer status(byte[] grpc) {
        if (grpc.length < 5) {
            return null;
        }
        int length = (grpc[1] & 0xff) << 24 | (grpc[2] & 0xff) << 16 | (grpc[3] & 0xff) << 8 | grpc[4] & 0xff;
        if (grpc.length < 5 + length) {
            return null;
        }
        int end = 5 + length;
        if (length == 0 || grpc[5] != 0x08) {
            return 0; // no field, or another one first: not the status this probe knows
        }
        int value = 0;
        for (int i = 6, shift = 0; i < end && shift < 32; i++, shift += 7) {
            value |= (grpc[i] & 0x7f) << shift;
            if ((grpc[i] & 0x80) == 0) {
                break;
            }
        }
        return value;
    }

    private static int errorCode(byte[] payload, int at) {
        return (payload[at] & 0xff) << 24 | (payload[at + 1] & 0xff) << 16 | (payload[at + 2] & 0xff) << 8 | payload[at + 3] & 0xff;
    }

    /** The preface, our SETTINGS, the call's headers and its one message, in one write. */
    private byte[] request() {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        Hpack.literal(block, ":method", "POST");
        Hpack.literal(block, ":scheme", tls == null ? "http" : "https");
        Hpack.literal(block, ":path", PATH);
        Hpack.literal(block, ":authority", endpoint.host().contains(":") ? "[" + endpoint.host() + "]:" + endpoint.port()
                : endpoint.host() + ":" + endpoint.port());
        Hpack.literal(block, "content-type", "application/grpc");
        Hpack.literal(block, "te", "trailers");
        Hpack.literal(block, "user-agent", "greenlight");
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        if (name.length > 0) { // HealthCheckRequest { string service = 1; }
            request.write(0x0a);
            varint(request, name.length);
            request.writeBytes(name);
        }
        byte[] body = request.toByteArray();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(0); // not compressed
        message.writeBytes(new byte[] {(byte) (body.length >>> 24), (byte) (body.length >>> 16), (byte) (body.length >>> 8),
                (byte) body.length});
        message.writeBytes(body);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(PREFACE);
        all.writeBytes(frame(SETTINGS, 0, 0, NO_PUSH)); // a pushed block would share the header table
        all.writeBytes(frame(HEADERS, END_HEADERS, 1, block.toByteArray()));
        all.writeBytes(frame(DATA, END_STREAM, 1, message.toByteArray()));
        return all.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] frame = new byte[9 + payload.length];
        frame[0] = (byte) (payload.length >>> 16);
        frame[1] = (byte) (payload.length >>> 8);
        frame[2] = (byte) payload.length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        frame[5] = (byte) (stream >>> 24);
        frame[6] = (byte) (stream >>> 16);
        frame[7] = (byte) (stream >>> 8);
        frame[8] = (byte) stream;
        System.arraycopy(payload, 0, frame, 9, payload.length);
        return frame;
    }
}
