package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.TlsOptions;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * gRPC's health check ({@code grpc.health.v1.Health/Check}, what Kubernetes' grpc probes and {@code grpc_health_probe}
 * call) over HTTP/2 with prior knowledge, in the clear or over TLS (ALPN h2, the https checks' trust), on its own small
 * client: the JDK's has no HTTP/2 without TLS but by an Upgrade
 * that gRPC servers refuse, and no trailers. The server's own word is the health response's status: SERVING passes,
 * NOT_SERVING and UNKNOWN are {@code REPORTED_DOWN}; a port that accepts connections is all a tcp check sees of a server
 * that says NOT_SERVING. The response headers are not decoded (HPACK): a call that ends without a health response (no
 * health service, a service name it does not know) fails as such, without its grpc-status.
 */
final class GrpcProbe implements Probe {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PATH = "/grpc.health.v1.Health/Check";
    private static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;
    private static final int MAX_FRAME = 1 << 16;
    private static final List<String> STATUS = List.of("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN");

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
            Answer answer = answer(head, in, out);
            return exchange.answered(answer, exchange.timings(null, 0), exchange.sinceConnected(System.nanoTime()));
        });
    }

    /** Frames until the health response, the end of the call, or the server's refusal. */
    private Answer answer(byte[] head, DataInputStream in, OutputStream out) throws IOException {
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
            if (type == SETTINGS && (flags & ACK) == 0) {
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
            } else if (stream == 1 && type == HEADERS && (flags & END_STREAM) != 0) {
                return new Answer(FailureSignature.QUERY_FAILED, "the call ended without a health response: the server has no "
                        + "gRPC health service" + (service.isEmpty() ? "" : ", or it does not know service '" + service + "'"));
            } else if (stream == 1 && type == DATA) {
                message.writeBytes(payload);
                Integer status = status(message.toByteArray());
                if (status != null) {
                    String name = status >= 0 && status < STATUS.size() ? STATUS.get(status) : "status " + status;
                    String said = "gRPC health" + (service.isEmpty() ? "" : " of " + service) + ": " + name;
                    return status == 1 ? new Answer(FailureSignature.NONE, said)
                            : new Answer(FailureSignature.REPORTED_DOWN, said);
                }
            }
        }
        return new Answer(FailureSignature.PROTOCOL_ERROR, "no health response in the server's first 64 frames");
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
        literal(block, ":method", "POST");
        literal(block, ":scheme", tls == null ? "http" : "https");
        literal(block, ":path", PATH);
        literal(block, ":authority", endpoint.host().contains(":") ? "[" + endpoint.host() + "]:" + endpoint.port()
                : endpoint.host() + ":" + endpoint.port());
        literal(block, "content-type", "application/grpc");
        literal(block, "te", "trailers");
        literal(block, "user-agent", "greenlight");
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
        all.writeBytes(frame(SETTINGS, 0, 0, new byte[0]));
        all.writeBytes(frame(HEADERS, END_HEADERS, 1, block.toByteArray()));
        all.writeBytes(frame(DATA, END_STREAM, 1, message.toByteArray()));
        return all.toByteArray();
    }

    /** An HPACK literal header field without indexing, its name and value as plain strings. */
    private static void literal(ByteArrayOutputStream block, String name, String value) {
        block.write(0x00);
        string(block, name);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        integer(block, bytes.length, 7, 0x00);
        block.writeBytes(bytes);
    }

    /** HPACK's integer with an N-bit prefix. */
    private static void integer(ByteArrayOutputStream out, int value, int prefixBits, int firstByteFlags) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(firstByteFlags | value);
            return;
        }
        out.write(firstByteFlags | max);
        value -= max;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
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
