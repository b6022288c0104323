package dev.greenlight.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The demo's cache: a small endpoint speaking RESP that answers PING, EXISTS (no key exists) and any other command
 * with an error. Enough for the backend's CACHE phase and for Greenlight's redis probe; not a Redis.
 */
final class RespServer implements AutoCloseable {

    private final ServerSocket listener;

    RespServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "demo-cache");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> serve(client), "demo-cache-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            StringBuilder line = new StringBuilder();
            int words = -1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String text = line.toString().trim();
                line.setLength(0);
                if (text.startsWith("*")) {
                    words = Integer.parseInt(text.substring(1));
                } else if (!text.startsWith("$") && words > 0) {
                    String command = text.toUpperCase(java.util.Locale.ROOT);
                    for (int skip = 1; skip < words; skip++) {
                        skipWord(in);
                    }
                    words = -1;
                    String reply = switch (command) {
                        case "PING" -> "+PONG\r\n";
                        case "EXISTS" -> ":0\r\n"; // the demo cache holds no key
                        default -> "-ERR the demo cache knows only PING and EXISTS\r\n";
                    };
                    out.write(reply.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            // client gone
        }
    }

    private static void skipWord(InputStream in) throws IOException {
        for (int newlines = 0, b = in.read(); b >= 0 && newlines < 2; b = in.read()) {
            if (b == '\n' && ++newlines == 2) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
