package dev.greenlight.probe.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The client side of RFC 6455 on one socket: the upgrade handshake (with the answer's status when it is
 * refused), masked text frames out, and frames in with ping answered, fragments joined and the close
 * code read. Reads are bounded by a deadline the caller gives per read.
 */
public final class WebSocketWire implements AutoCloseable {

    /** A frame as the caller sees it: a whole text message, or the close with its code and reason. */
    public record Frame(String text, Integer closeCode, String closeReason) {
        public boolean isClose() {
            return closeCode != null;
        }
    }

    /** The server answered the upgrade with something other than 101. */
    public static final class Rejected extends IOException {
        private final int status;

        Rejected(int status) {
            super("handshake answered HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final long maxMessage;
    private final OutputStream out;
    private final DeadlineInput in;
    private final DeadlineBox deadline;

    private WebSocketWire(Socket socket, DeadlineBox deadline, long maxMessage) throws IOException {
        this.socket = socket;
        this.maxMessage = maxMessage;
        this.out = socket.getOutputStream();
        this.deadline = deadline;
        this.in = new DeadlineInput(socket, deadline::get);
    }

    /** The deadline of the next read, changed by the caller between reads. */
    static final class DeadlineBox {
        private volatile long nanos;

        long get() {
            return nanos;
        }

        void set(long nanos) {
            this.nanos = nanos;
        }
    }

    public static WebSocketWire open(HttpTransport transport, URI url, Map<String, String> headers, long handshakeDeadline,
                                     Cancellation context, long maxMessage, ProxyChoice proxyChoice, boolean insecure,
                              ClientIdentity identity) throws IOException {
        boolean tls = "wss".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String host = Connector.host(url);
        Proxy proxy = proxyChoice.forTarget(url, transport.proxies()).orElse(null);
        Socket socket = proxy == null ? Connector.open(host, port, handshakeDeadline, context)
                : ProxyTunnel.open(proxy, host, port, handshakeDeadline, context); // ws and wss alike: a tunnel
        try {
            socket.setTcpNoDelay(true);
            Socket wire = socket;
            if (tls) {
                SSLSocket ssl = transport.handshake(socket, host, port, insecure, identity, handshakeDeadline);
                wire = ssl;
                context.onCancel(() -> Connector.closeQuietly(ssl));
            }
            DeadlineBox box = new DeadlineBox();
            box.set(handshakeDeadline);
            WebSocketWire ws = new WebSocketWire(wire, box, maxMessage);
            ws.handshake(url, port, tls, headers);
            return ws;
        } catch (IOException | RuntimeException e) {
            Connector.closeQuietly(socket);
            throw e;
        }
    }

    private void handshake(URI url, int port, boolean tls, Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", Connector.hostHeader(Connector.host(url), port, tls ? 443 : 80));
        all.put("User-Agent", "greenlight");
        all.put("Upgrade", "websocket");
        all.put("Connection", "Upgrade");
        all.put("Sec-WebSocket-Key", key);
        all.put("Sec-WebSocket-Version", "13");
        all.putAll(headers);
        out.write(HttpHead.request("GET", HttpHead.target(url), all));
        out.flush();
        int code = HttpHead.readStatus(in);
        String accept = HttpHead.readFields(in).get("sec-websocket-accept");
        if (code != 101) {
            throw new Rejected(code);
        }
        if (!expectedAccept(key).equals(accept)) {
            throw new ProtocolException("the server's Sec-WebSocket-Accept does not match the key");
        }
    }

    public void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next whole message or the close; pings are answered on the way. A read past the deadline times out. */
    public Frame next(long readDeadline) throws IOException {
        deadline.set(readDeadline);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int b0 = readByte();
            int b1 = readByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            if ((b0 & 0x70) != 0) {
                throw new ProtocolException("a frame with reserved bits set (RFC 6455 5.2; no extension was agreed)");
            }
            if ((b1 & 0x80) != 0) {
                throw new ProtocolException("the server masked a frame (RFC 6455 5.1: a server must not)");
            }
            boolean control = opcode >= 0x8;
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
                if (length < 0) {
                    throw new ProtocolException("a frame length with its most significant bit set (RFC 6455 5.2)");
                }
            }
            if (control && (length > 125 || !fin)) {
                throw new ProtocolException("a control frame that is fragmented or longer than 125 bytes (RFC 6455 5.5)");
            }
            if (length > maxMessage - message.size()) {
                throw new ProtocolException("a message larger than " + maxMessage + " bytes (max_message): a frame of "
                        + length + " bytes after " + message.size());
            }
            byte[] payload = readFully((int) length);
            switch (opcode) {
                case 0x9 -> send(0xA, payload); // ping: pong with the same payload
                case 0xA -> { } // pong
                case 0x8 -> {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    return new Frame(null, code, reason);
                }
                case 0x0, 0x1, 0x2 -> {
                    message.write(payload);
                    if (fin) {
                        return new Frame(message.toString(StandardCharsets.UTF_8), null, null);
                    }
                }
                default -> throw new ProtocolException("unknown WebSocket opcode " + opcode);
            }
        }
    }

    private void send(int opcode, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
        frame.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        synchronized (out) {
            out.write(frame.array(), 0, frame.position());
            out.flush();
        }
    }

    /** Says goodbye with 1000 and closes, without waiting for the answer. */
    @Override
    public void close() {
        try {
            byte[] goodbye = {0x03, (byte) 0xe8};
            send(0x8, goodbye);
        } catch (IOException ignored) {
            // the connection is gone already
        }
        Connector.closeQuietly(socket);
    }

    private int readByte() throws IOException {
        byte[] one = new byte[1];
        if (in.read(one, 1) < 0) {
            throw new java.io.EOFException("the connection dropped without a close frame");
        }
        return one[0] & 0xff;
    }

    private byte[] readFully(int length) throws IOException {
        byte[] data = new byte[length];
        byte[] chunk = new byte[Math.min(length, 64 * 1024)];
        int done = 0;
        while (done < length) {
            int n = in.read(chunk, Math.min(chunk.length, length - done));
            if (n < 0) {
                throw new java.io.EOFException("the connection dropped without a close frame");
            }
            System.arraycopy(chunk, 0, data, done, n);
            done += n;
        }
        return data;
    }

    private static String expectedAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

}
