package dev.greenlight.probe.wire;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.Socket;

/**
 * A buffered socket input whose every blocking read is bounded by what is left of the deadline; or the bytes the I/O
 * loop has read so far ({@link #over}), so that both clients read an answer with the same code.
 */
final class DeadlineInput {
    private final Socket socket;
    private final InputStream in;
    private final java.util.function.LongSupplier deadline;
    private final byte[] buffer;
    private int position;
    private int limit;
    private long firstByteAt;
    /** Over read bytes: whether the peer closed after them (then their end is EOF, else {@link Incomplete}). */
    private final boolean closedAfter;

    /** Past the bytes read so far of a connection still open: the answer is not complete yet, read more and try again. */
    static final class Incomplete extends IOException {
        private static final Incomplete INSTANCE = new Incomplete();

        private Incomplete() {
            super("the answer is not complete yet");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a signal between the loop and the reader, thrown once per partial read: no trace to take
        }
    }

    DeadlineInput(Socket socket, long deadline) throws IOException {
        this(socket, () -> deadline);
    }

    /** A deadline that may move between reads (a WebSocket waits for each event until its own time). */
    DeadlineInput(Socket socket, java.util.function.LongSupplier deadline) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadline = deadline;
        this.buffer = new byte[8192];
        this.closedAfter = false;
    }

    private DeadlineInput(byte[] bytes, int length, boolean closedAfter, long firstByteAt) {
        this.socket = null;
        this.in = null;
        this.deadline = null;
        this.buffer = bytes;
        this.limit = length;
        this.closedAfter = closedAfter;
        this.firstByteAt = firstByteAt;
    }

    /** The first {@code length} bytes of {@code bytes}, then EOF if the peer closed after them, else {@link Incomplete}. */
    static DeadlineInput over(byte[] bytes, int length, boolean closedAfter, long firstByteAt) {
        return new DeadlineInput(bytes, length, closedAfter, firstByteAt);
    }

    long firstByteAt() {
        return firstByteAt;
    }

    /** Over read bytes: how many have been read. */
    int position() {
        return position;
    }

    private boolean fill() throws IOException {
        if (socket == null) {
            if (closedAfter) {
                return false;
            }
            throw Incomplete.INSTANCE;
        }
        socket.setSoTimeout(Connector.remainingMillis(deadline.getAsLong()));
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        if (firstByteAt == 0) {
            firstByteAt = System.nanoTime();
        }
        position = 0;
        limit = n;
        return true;
    }

    int read(byte[] into, int max) throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(max, limit - position);
        System.arraycopy(buffer, position, into, 0, n);
        position += n;
        return n;
    }

    /** A line without its CRLF (ISO-8859-1), or null at EOF before any byte. */
    String readLine(int max) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                return line.isEmpty() ? null : line.toString();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= max) {
                throw new ProtocolException("a line longer than " + max + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }
}
