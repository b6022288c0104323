package dev.greenlight.probe.wire;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The connection attempts to the addresses of one name, as Happy Eyeballs (RFC 8305) makes them: in the resolver's
 * order with the address families interleaved from its first one (6, 4, 6, 4... or 4, 6, 4, 6...); an attempt has
 * {@link #DELAY_NANOS} alone before the next address is tried beside it, and one that fails starts the next at once; the
 * first connection made wins and the others are closed. So an address that drops connections (a blackholed IPv6
 * route, a full accept queue) costs a quarter of a second, not the check's deadline. What each failed attempt met is
 * kept for the failure's message ("tried 127.0.0.1 (refused), ::1 (timed out) on port 8080"). One connection's
 * attempts: not shared between threads.
 */
final class Attempts {

    /** RFC 8305's "Connection Attempt Delay" (it recommends 250 ms). */
    static final long DELAY_NANOS = 250_000_000L;

    private final Deque<InetAddress> waiting;
    private final int port;
    private final List<String> tried = new ArrayList<>();
    private IOException last;
    private boolean timedOut;

    Attempts(InetAddress[] addresses, int port) {
        this.waiting = new ArrayDeque<>(interleaved(addresses));
        this.port = port;
    }

    /** The addresses with their families alternating, each family in the resolver's order, its first family first. */
    static List<InetAddress> interleaved(InetAddress[] addresses) {
        List<InetAddress> first = new ArrayList<>();
        List<InetAddress> other = new ArrayList<>();
        for (InetAddress address : addresses) {
            boolean sameFamily = (address instanceof Inet6Address) == (addresses[0] instanceof Inet6Address);
            (sameFamily ? first : other).add(address);
        }
        List<InetAddress> order = new ArrayList<>(addresses.length);
        for (int i = 0; i < Math.max(first.size(), other.size()); i++) {
            if (i < first.size()) {
                order.add(first.get(i));
            }
            if (i < other.size()) {
                order.add(other.get(i));
            }
        }
        return order;
    }

    /** Whether an address is left to try. */
    boolean more() {
        return !waiting.isEmpty();
    }

    /** The next address to try. */
    InetAddress next() {
        return waiting.removeFirst();
    }

    /** An attempt to {@code address} failed. */
    void failed(InetAddress address, IOException e) {
        last = e;
        timedOut |= e instanceof SocketTimeoutException;
        tried.add(address.getHostAddress() + " (" + Connector.reason(e) + ")");
    }

    /** Attempts still connecting at the deadline: each timed out. */
    void timedOut(List<InetAddress> stillConnecting) {
        for (InetAddress address : stillConnecting) {
            failed(address, new SocketTimeoutException("Connect timed out"));
        }
    }

    /**
     * What the connection to {@code winner} passed over, as evidence: "connected to ::1 after 127.0.0.1 (refused)", or
     * "... (still connecting)" for an address slower than the winner (one that drops connections looks so, and clients
     * that try a name's addresses one by one hang on it). Empty when nothing was passed over.
     */
    String passedOver(InetAddress winner, List<InetAddress> stillConnecting) {
        if (tried.isEmpty() && stillConnecting.isEmpty()) {
            return "";
        }
        List<String> passed = new ArrayList<>(tried);
        for (InetAddress address : stillConnecting) {
            passed.add(address.getHostAddress() + " (still connecting)");
        }
        return "connected to " + winner.getHostAddress() + " after " + String.join(", ", passed);
    }

    /** The connection to {@code winner} was made: what it passed over, if anything, is told to {@code context}. */
    void won(InetAddress winner, List<InetAddress> stillConnecting, Cancellation context) {
        String passed = passedOver(winner, stillConnecting);
        if (!passed.isEmpty()) {
            context.passedOver(passed);
        }
    }

    /** Why no connection was made, once every attempt failed or the deadline passed. */
    IOException failure() {
        return Connector.failure(tried, last, timedOut, port);
    }
}
