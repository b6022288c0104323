package dev.greenlight.probe;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The socket chores every protocol shares: connect under the probe's deadline, be closable on cancel. */
final class Sockets {

    private Sockets() {
    }

    /**
     * Connects within the probe's timeout (counted from {@code start}); cancelling the probe closes the
     * socket; reads time out at what is left of the timeout.
     */
    static Socket connect(Endpoint endpoint, ProbeContext context, long start) throws IOException {
        long deadline = start + context.timeout().toNanos();
        Socket socket = Connector.open(endpoint.host(), endpoint.port(), deadline, context);
        try {
            socket.setSoTimeout((int) Math.max(1, context.timeout().toMillis() - (System.nanoTime() - start) / 1_000_000));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing to cancel or to finish: nothing more to do
        }
    }
}
