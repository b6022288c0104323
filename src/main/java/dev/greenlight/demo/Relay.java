package dev.greenlight.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The VPC connector of the demo: a TCP relay on loopback in front of the database, which can forward,
 * blackhole (accept and never forward, as a broken network path does) or add a delay to each read.
 */
final class Relay implements AutoCloseable {

    enum Mode { FORWARD, BLACKHOLE, DELAY }

    private final ServerSocket listener;
    private final int upstreamPort;
    private volatile Mode mode;
    private final long delayMillis;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    Relay(int upstreamPort, Mode mode, long delayMillis) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.mode = mode;
        this.delayMillis = delayMillis;
        Thread acceptor = new Thread(this::accept, "demo-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Changes what the relay does from now on, also to connections already open (a path that degrades). */
    void mode(Mode newMode) {
        this.mode = newMode;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                if (mode == Mode.BLACKHOLE) {
                    continue; // held open, never forwarded, never answered
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 2000);
                open.add(upstream);
                pump(client, upstream, "demo-relay-up");
                pump(upstream, client, "demo-relay-down");
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (mode == Mode.DELAY) {
                        Thread.sleep(delayMillis);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        open.forEach(Relay::closeQuietly);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }
}
