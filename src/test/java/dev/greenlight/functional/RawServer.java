package dev.greenlight.functional;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that answers each connection with bytes the test chooses, written as they are (wrong ones included):
 * for the wire clients' conformance. It reads the request head first and keeps it for the test to look at.
 */
final class RawServer implements AutoCloseable {

    /** What to write back, given the request head. */
    @FunctionalInterface
    interface Answer {
        byte[] to(String requestHead) throws Exception;
    }

    private final ServerSocket server;
    private volatile int pieces = 1;
    private volatile int pauseMillis;
    private final List<String> heads = new CopyOnWriteArrayList<>();

    RawServer(String address, Answer answer) throws IOException {
        this(plain(address), answer);
    }

    /** On a server socket of the test's making (TLS, say). */
    RawServer(ServerSocket bound, Answer answer) {
        server = bound;
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    String head = readHead(s.getInputStream());
                    heads.add(head);
                    OutputStream out = s.getOutputStream();
                    byte[] all = answer.to(head);
                    int step = Math.max(1, (all.length + pieces - 1) / pieces);
                    for (int at = 0; at < all.length; at += step) {
                        out.write(all, at, Math.min(step, all.length - at));
                        out.flush();
                        if (pauseMillis > 0 && at + step < all.length) {
                            Thread.sleep(pauseMillis);
                        }
                    }
                    Thread.sleep(200); // let the client read before the close
                } catch (Exception e) {
                    // closed, or the client went away: next connection
                }
            }
        }, "raw-server");
        accept.setDaemon(true);
        accept.start();
    }

    private static ServerSocket plain(String address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return socket;
    }

    /** Writes each answer in {@code count} pieces, {@code millis} apart: a slow or trickling server. */
    RawServer trickle(int count, int millis) {
        this.pieces = count;
        this.pauseMillis = millis;
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> heads() {
        return List.copyOf(heads);
    }

    /** The value of one header of a request head, or null. */
    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The 101 answer to a WebSocket upgrade request head. */
    static String switching(String head) throws Exception {
        String key = header(head, "Sec-WebSocket-Key");
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
