package dev.greenlight.probe.wire;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How every probe opens a TCP connection. The name is resolved under the check's deadline and without the JVM's
 * cache (which keeps answers 30 s and failures 10 s, and would hide a blue/green DNS flip); then its addresses are
 * tried with fresh sockets as Happy Eyeballs does ({@link Attempts}: a blackholed address costs a quarter of a second,
 * not the deadline); a failure after several addresses says which were tried and how each failed. Cancelling the probe
 * closes whatever socket is open.
 */
public final class Connector {

    /** Said in the message of a failure after several addresses: "tried 127.0.0.1 (refused), ::1 (refused)". */
    static final String TRIED = "tried ";

    static {
        disableJvmDnsCache();
    }

    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "greenlight-dns");
        t.setDaemon(true);
        return t;
    });

    /** The threads the attempts of a name with several addresses connect on (see {@link Attempts}). */
    private static final ExecutorService ATTEMPTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "greenlight-connect");
        t.setDaemon(true);
        return t;
    });

    private Connector() {
    }

    /** Probes ask the DNS every time: set before the first lookup of the process (a command does so first, cli.Warmup). */
    public static void disableJvmDnsCache() {
        Security.setProperty("networkaddress.cache.ttl", "0");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
    }

    /** A lookup that did not finish within the check's deadline. */
    public static final class DnsDeadlineException extends UnknownHostException {
        DnsDeadlineException(String host, long millis) {
            super(host + ": no answer from the resolver within the check's deadline (" + millis + " ms)");
        }
    }

    /** The host of a URL as a resolver and a TLS peer need it: an IPv6 literal without its brackets. */
    static String host(URI url) {
        String host = url.getHost();
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The Host header: an IPv6 literal in brackets, the port unless it is the scheme's default. */
    static String hostHeader(String host, int port, int defaultPort) {
        return (host.contains(":") ? "[" + host + "]" : host) + (port == defaultPort ? "" : ":" + port);
    }

    /** The addresses of {@code host}, waited for: {@link #resolveLater}'s lookup (a literal is parsed, never looked up). */
    public static InetAddress[] resolve(String host, long deadline) throws IOException {
        try {
            return resolveLater(host, deadline, Cancellation.NEVER).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("DNS lookup of " + host + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("cancelled while resolving " + host);
        }
    }

    /**
     * The lookup without blocking the caller, on the resolver's threads: the addresses of {@code host} (a literal's at
     * once), or its failure (a {@link DnsDeadlineException} past the deadline; cancelling says so).
     */
    static java.util.concurrent.CompletableFuture<InetAddress[]> resolveLater(String host, long deadline, Cancellation context) {
        java.util.concurrent.CompletableFuture<InetAddress[]> addresses = new java.util.concurrent.CompletableFuture<>();
        long millis;
        try {
            if (HostNames.isIpLiteral(host)) {
                return java.util.concurrent.CompletableFuture.completedFuture(InetAddress.getAllByName(host));
            }
            millis = remainingMillis(deadline);
        } catch (IOException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        context.onCancel(() -> addresses.completeExceptionally(new java.io.InterruptedIOException("cancelled while resolving " + host)));
        Future<?> lookup = LOOKUPS.submit(() -> {
            try {
                addresses.complete(InetAddress.getAllByName(host));
            } catch (IOException | RuntimeException e) {
                addresses.completeExceptionally(e);
            }
        });
        addresses.orTimeout(millis, TimeUnit.MILLISECONDS); // past the deadline it completes with a TimeoutException
        return addresses.handle((found, failure) -> {
            if (failure == null) {
                return found;
            }
            if (failure instanceof TimeoutException) {
                lookup.cancel(true);
                failure = new DnsDeadlineException(host, millis);
            }
            throw new java.util.concurrent.CompletionException(failure);
        });
    }

    /** Resolves {@code host} and connects to one of its addresses, all within {@code deadline}. */
    public static Socket open(String host, int port, long deadline, Cancellation context) throws IOException {
        return connect(resolve(host, deadline), port, deadline, context);
    }

    /**
     * A connection to one of {@code addresses} within {@code deadline}: the only address with the whole deadline, several
     * raced as {@link Attempts} says (each attempt on a thread of its own, this one waiting for the first to connect).
     */
    public static Socket connect(InetAddress[] addresses, int port, long deadline, Cancellation context) throws IOException {
        if (context.cancelled()) {
            throw new java.io.InterruptedIOException("cancelled");
        }
        if (addresses.length == 0) {
            throw new ConnectException("no address for the name");
        }
        if (addresses.length == 1) {
            Socket socket = new Socket();
            context.onCancel(() -> closeQuietly(socket));
            try {
                socket.connect(new InetSocketAddress(addresses[0], port), remainingMillis(deadline));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                throw e;
            }
        }
        return new Race(new Attempts(addresses, port), port, deadline, context).winner();
    }

    /** Several addresses' attempts at once, each on a thread of {@link #ATTEMPTS}; the caller waits for the first. */
    private static final class Race {
        private record Outcome(InetAddress address, Socket socket, IOException failure) {
        }

        private final Attempts attempts;
        private final int port;
        private final long deadline;
        private final Cancellation context;
        private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        /** Every socket opened: all but the winner are closed when the race ends, all when the probe is cancelled. */
        private final List<Socket> opened = new ArrayList<>();
        private final List<InetAddress> connecting = new ArrayList<>();
        private long lastStart;

        Race(Attempts attempts, int port, long deadline, Cancellation context) {
            this.attempts = attempts;
            this.port = port;
            this.deadline = deadline;
            this.context = context;
            context.onCancel(() -> closeAllBut(null));
        }

        Socket winner() throws IOException {
            Socket winner = null;
            try {
                start();
                while (true) {
                    long now = System.nanoTime();
                    if (deadline - now <= 0) {
                        attempts.timedOut(connecting);
                        throw attempts.failure();
                    }
                    long until = attempts.more() ? Math.min(deadline, lastStart + Attempts.DELAY_NANOS) : deadline;
                    Outcome outcome = outcomes.poll(until - now, TimeUnit.NANOSECONDS);
                    if (outcome == null) {
                        if (attempts.more() && System.nanoTime() - lastStart >= Attempts.DELAY_NANOS) {
                            start(); // this one had its time alone: the next address beside it
                        }
                        continue;
                    }
                    connecting.remove(outcome.address());
                    if (context.cancelled()) {
                        throw new java.io.InterruptedIOException("cancelled");
                    }
                    if (outcome.socket() != null) {
                        winner = outcome.socket();
                        attempts.won(outcome.address(), connecting, context);
                        return winner;
                    }
                    attempts.failed(outcome.address(), outcome.failure());
                    if (attempts.more()) {
                        start(); // a refusal does not wait its turn
                    } else if (connecting.isEmpty()) {
                        throw attempts.failure();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("cancelled");
            } finally {
                closeAllBut(winner);
            }
        }

        private void start() {
            InetAddress address = attempts.next();
            Socket socket = new Socket();
            synchronized (opened) {
                opened.add(socket);
            }
            connecting.add(address);
            lastStart = System.nanoTime();
            ATTEMPTS.execute(() -> {
                try {
                    socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
                    outcomes.add(new Outcome(address, socket, null));
                } catch (IOException e) {
                    closeQuietly(socket);
                    outcomes.add(new Outcome(address, null, e));
                }
            });
        }

        private void closeAllBut(Socket winner) {
            synchronized (opened) {
                for (Socket socket : opened) {
                    if (socket != winner) {
                        closeQuietly(socket);
                    }
                }
            }
        }
    }

    /** Why no connection was made: the one failure, or after several addresses which were tried and how each failed. */
    static IOException failure(List<String> tried, IOException last, boolean timedOut, int port) {
        if (last == null) {
            return new ConnectException("no address for the name");
        }
        if (tried.size() == 1) {
            return last;
        }
        String message = TRIED + String.join(", ", tried) + " on port " + port;
        // a blackholed address is the finding that matters most: it is why the check took its whole time
        if (timedOut) {
            return new SocketTimeoutException(message);
        }
        if (last instanceof NoRouteToHostException) {
            return new NoRouteToHostException(message);
        }
        return last instanceof ConnectException ? new ConnectException(message) : new IOException(message, last);
    }

    /**
     * Resolves and connects within {@code timeout} counted from {@code start} (System.nanoTime); reads on the socket
     * then time out at what is left of it.
     */
    public static Socket open(String host, int port, java.time.Duration timeout, long start, Cancellation context)
            throws IOException {
        long deadline = start + timeout.toNanos();
        Socket socket = open(host, port, deadline, context);
        try {
            socket.setSoTimeout(remainingMillis(deadline));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** What is left of {@code deadline} in whole milliseconds (at least 1); past it, a timeout. */
    public static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** Closing to cancel or to finish: nothing more to do when it fails. */
    public static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** The addresses tried, when a connection failed after more than one. */
    public static Optional<String> tried(IOException e) {
        String message = e.getMessage();
        return message != null && message.startsWith(TRIED) ? Optional.of(message) : Optional.empty();
    }

    /** How one connection attempt failed, in a word or two. */
    static String reason(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "refused";
        }
        if (e instanceof UnknownHostException) {
            return "no such name";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route";
        }
        return String.valueOf(e.getMessage());
    }
}
