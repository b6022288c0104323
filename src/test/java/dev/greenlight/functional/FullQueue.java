package dev.greenlight.functional;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener (on 127.0.0.1 unless told) whose backlog is filled: the kernel answers no more SYNs, so a connect to it times out, as
 * to a blackholed address.
 */
final class FullQueue implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> filling = new ArrayList<>();

    FullQueue() throws IOException {
        this("127.0.0.1", 0);
    }

    /** On {@code address} and {@code port} (0: any free port). */
    FullQueue(String address, int port) throws IOException {
        listener = new ServerSocket(port, 1, InetAddress.getByName(address));
        for (int i = 0; i < 4; i++) {
            Socket s = new Socket();
            try {
                s.connect(listener.getLocalSocketAddress(), 200);
                filling.add(s);
            } catch (IOException queueFull) {
                s.close();
                return;
            }
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : filling) {
            s.close();
        }
        listener.close();
    }
}
