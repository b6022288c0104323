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
import java.util.List;
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

    /** What the wss handshake agreed and showed; null for ws://. */
    public TlsSession tls() {
        return TlsSession.of(socket);
    }

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

    /**
     * What a probe makes of a WebSocket: told of each message and of the close, asked whether it is done. Both ways of
     * reading one (a thread's {@link #next}, the loop's {@link #begin}) tell it the same.
     */
    public interface Listener<T> {
        /** The upgrade was accepted: the messages to send now, in order. */
        List<String> opened();

        /** A whole message (text; a binary one read as UTF-8): the messages to send in reply, in order. */
        List<String> message(String text);

        /** The server closed before the listener was done: the outcome. */
        T closed(int code, String reason);

        /** The outcome if there is one now (everything awaited arrived, or what is missing is late); null: wait on. */
        T settled();

        /** When what is awaited is due (System.nanoTime): {@link #settled} is asked again then. */
        long due();
    }

    /** Whether {@link #begin} takes this WebSocket onto the loop: ws:// (no TLS), not through a proxy. */
    public static boolean onLoop(HttpTransport transport, URI url, ProxyChoice proxyChoice) {
        return transport.onLoop(url, "ws", proxyChoice);
    }

    /**
     * The WebSocket on the shared {@link IoLoop} ({@link #onLoop}): connected and upgraded before
     * {@code handshakeDeadline}, then read until {@code listener} settles. Fails with a {@link HttpWire.StageFailure}
     * whose cause is what {@link #open} or {@link #next} would have thrown ({@link Rejected} for a refused upgrade).
     */
    public static <T> java.util.concurrent.CompletableFuture<T> begin(URI url, Map<String, String> headers, long handshakeDeadline,
                                                                     Cancellation context, long maxMessage, Listener<T> listener) {
        int port = url.getPort() > 0 ? url.getPort() : 80;
        String key = newKey();
        Talk<T> talk = new Talk<>(upgrade(url, port, false, headers, key), key, maxMessage, listener);
        return IoLoop.shared().talk(Connector.host(url), port, talk, handshakeDeadline, context,
                new HttpWire.Stamps(System.nanoTime()));
    }

    /** The upgrade, then frames, on the loop: pings answered, fragments joined, each message told to the listener. */
    private static final class Talk<T> implements IoLoop.Talk<T> {
        private final byte[] upgrade;
        private final String key;
        private final long maxMessage;
        private final Listener<T> listener;
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();
        private boolean open;

        Talk(byte[] upgrade, String key, long maxMessage, Listener<T> listener) {
            this.upgrade = upgrade;
            this.key = key;
            this.maxMessage = maxMessage;
            this.listener = listener;
        }

        @Override
        public byte[] opening() {
            return upgrade;
        }

        @Override
        public T heard(IoLoop.Line line) throws IOException {
            if (!open) {
                DeadlineInput in = DeadlineInput.over(line.heard(), line.length(), line.closed(), line.firstByteAt());
                try {
                    readUpgraded(in, key);
                } catch (DeadlineInput.Incomplete notYet) {
                    return null;
                }
                line.consume(in.position());
                open = true;
                for (String text : listener.opened()) {
                    line.say(frame(0x1, text.getBytes(StandardCharsets.UTF_8)));
                }
                T now = listener.settled();
                if (now != null) {
                    return now;
                }
                line.deadline(listener.due());
            }
            while (true) {
                DeadlineInput in = DeadlineInput.over(line.heard(), line.length(), line.closed(), line.firstByteAt());
                RawFrame frame;
                try {
                    frame = readFrame(in, maxMessage, message.size());
                } catch (DeadlineInput.Incomplete notYet) {
                    return null;
                }
                line.consume(in.position());
                switch (frame.opcode()) {
                    case 0x9 -> line.say(frame(0xA, frame.payload())); // ping: pong with the same payload
                    case 0xA -> { } // pong
                    case 0x8 -> {
                        Frame close = frame.close();
                        return listener.closed(close.closeCode(), close.closeReason());
                    }
                    default -> {
                        message.write(frame.payload());
                        if (frame.fin()) {
                            for (String reply : listener.message(message.toString(StandardCharsets.UTF_8))) {
                                line.say(frame(0x1, reply.getBytes(StandardCharsets.UTF_8)));
                            }
                            message.reset();
                            T now = listener.settled();
                            if (now != null) {
                                return now;
                            }
                            line.deadline(listener.due());
                        }
                    }
                }
            }
        }

        @Override
        public T late(IoLoop.Line line) throws IOException {
            if (!open) {
                throw new java.net.SocketTimeoutException("Read timed out"); // connected, the upgrade not answered
            }
            T now = listener.settled();
            if (now == null) {
                line.deadline(listener.due());
            }
            return now;
        }

        @Override
        public byte[] goodbye() {
            return open ? frame(0x8, new byte[] {0x03, (byte) 0xe8}) : null; // 1000, as close() says it
        }
    }

    public static WebSocketWire open(HttpTransport transport, URI url, Map<String, String> headers, long handshakeDeadline,
                                     Cancellation context, long maxMessage, ProxyChoice proxyChoice, TlsOptions tlsOptions)
            throws IOException {
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
                SSLSocket ssl = transport.handshake(socket, host, port, tlsOptions, handshakeDeadline);
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
        String key = newKey();
        out.write(upgrade(url, port, tls, headers, key));
        out.flush();
        readUpgraded(in, key);
    }

    static String newKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The upgrade request. */
    static byte[] upgrade(URI url, int port, boolean tls, Map<String, String> headers, String key) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", Connector.hostHeader(Connector.host(url), port, tls ? 443 : 80));
        all.put("User-Agent", "greenlight");
        all.put("Upgrade", "websocket");
        all.put("Connection", "Upgrade");
        all.put("Sec-WebSocket-Key", key);
        all.put("Sec-WebSocket-Version", "13");
        all.putAll(headers);
        return HttpHead.request("GET", HttpHead.target(url), all);
    }

    /** The answer to the upgrade: 101 with the accept that matches the key, else why not. */
    static void readUpgraded(DeadlineInput in, String key) throws IOException {
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
            RawFrame frame = readFrame(in, maxMessage, message.size());
            switch (frame.opcode()) {
                case 0x9 -> send(0xA, frame.payload()); // ping: pong with the same payload
                case 0xA -> { } // pong
                case 0x8 -> {
                    return frame.close();
                }
                default -> {
                    message.write(frame.payload());
                    if (frame.fin()) {
                        return new Frame(message.toString(StandardCharsets.UTF_8), null, null);
                    }
                }
            }
        }
    }

    /** One frame as it came: FIN, opcode (one RFC 6455 knows), payload. */
    record RawFrame(boolean fin, int opcode, byte[] payload) {
        /** A close frame's code (1005: none given) and reason. */
        Frame close() {
            int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
            return new Frame(null, code, reason);
        }
    }

    /**
     * Reads one frame, refusing what RFC 6455 forbids a server (reserved bits, masking, long or fragmented control
     * frames, unknown opcodes) and a message past {@code maxMessage} with what came of it before.
     */
    static RawFrame readFrame(DeadlineInput in, long maxMessage, int messageSoFar) throws IOException {
        int b0 = readByte(in);
        int b1 = readByte(in);
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
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
            if (length < 0) {
                throw new ProtocolException("a frame length with its most significant bit set (RFC 6455 5.2)");
            }
        }
        if (control && (length > 125 || !fin)) {
            throw new ProtocolException("a control frame that is fragmented or longer than 125 bytes (RFC 6455 5.5)");
        }
        if (length > maxMessage - messageSoFar) {
            throw new ProtocolException("a message larger than " + maxMessage + " bytes (max_message): a frame of "
                    + length + " bytes after " + messageSoFar);
        }
        byte[] payload = readFully(in, (int) length);
        if (opcode > 0x2 && opcode < 0x8 || opcode > 0xA) {
            throw new ProtocolException("unknown WebSocket opcode " + opcode);
        }
        return new RawFrame(fin, opcode, payload);
    }

    private void send(int opcode, byte[] payload) throws IOException {
        byte[] frame = frame(opcode, payload);
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    /** A masked frame, as a client sends it. */
    static byte[] frame(int opcode, byte[] payload) {
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
        return java.util.Arrays.copyOf(frame.array(), frame.position());
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

    private static int readByte(DeadlineInput in) throws IOException {
        byte[] one = new byte[1];
        if (in.read(one, 1) < 0) {
            throw new java.io.EOFException("the connection dropped without a close frame");
        }
        return one[0] & 0xff;
    }

    private static byte[] readFully(DeadlineInput in, int length) throws IOException {
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
