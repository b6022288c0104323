package dev.greenlight.probe.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plain-HTTP exchanges without a thread each: one selector thread connects, writes the request and reads the answer of
 * every exchange handed to it, each under its own deadline, and completes its future. The answer is read by the same
 * code as {@link HttpWire#exchange}'s ({@link HttpWire#readAnswer} over the bytes read so far), and fails the same way:
 * a {@link HttpWire.StageFailure} saying the stage; the addresses of a name are tried in turn, each with its share of
 * what is left of the deadline, as {@link Connector#connect} tries them.
 *
 * <p>Why: a probe that waits on a platform thread needs one thread per check in flight, and starting a thread costs
 * 0.25 to 0.7 ms on a small virtual machine (its stack mapped, HotSpot's hand-shake): 200 checks spent 100 to 190 ms
 * just getting their threads going, most of a healthy run's time beyond its slowest answer.
 */
public final class HttpLoop {

    private static final int READ_BUFFER = 64 * 1024;
    private static HttpLoop shared;

    private final Selector selector;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    /** Each exchange's next deadline; an entry is stale once its exchange moved on (its generation changed). Loop thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::at));
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    /** Exchanges started and not finished. Loop thread only. */
    private int active;

    private HttpLoop() throws IOException {
        this.selector = Selector.open();
        Thread thread = new Thread(this::loop, "greenlight-http-loop");
        thread.setDaemon(true);
        thread.start();
    }

    /** The process's loop, started on first use. */
    static synchronized HttpLoop shared() {
        if (shared == null) {
            try {
                shared = new HttpLoop();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector for the HTTP loop", e);
            }
        }
        return shared;
    }

    /**
     * Sends {@code request} to the first of {@code addresses} that accepts a connection on {@code port} and reads the
     * answer, all before {@code deadline}; cancelling closes the connection.
     */
    CompletableFuture<HttpAnswer> exchange(InetAddress[] addresses, int port, byte[] request, String method, long maxBody,
                                           long deadline, Cancellation cancellation, HttpWire.Stamps stamps) {
        Exchange exchange = new Exchange(addresses, port, request, method, maxBody, deadline, stamps);
        cancellation.onCancel(() -> submit(() -> exchange.fail(new SocketException("Socket closed"))));
        submit(() -> {
            try {
                exchange.start();
            } catch (RuntimeException e) {
                exchange.crash(e);
            }
        });
        return exchange.result;
    }

    private void submit(Runnable task) {
        tasks.add(task);
        if (woken.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    private void loop() {
        while (true) {
            woken.set(false);
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                run(task);
            }
            long wait = expire();
            if (active == 0) {
                // nothing on the wire: wait for work parked, not in select(). A thread in native code holds up the
                // JVM's exit by up to 300 ms (HotSpot waits for it), which every one-check verify paid.
                run(take());
                continue;
            }
            try {
                selector.select(wait);
            } catch (IOException e) {
                continue; // the selector itself failed: the next round's deadlines still fire
            }
            for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                SelectionKey key = keys.next();
                keys.remove();
                Exchange exchange = (Exchange) key.attachment();
                try {
                    exchange.ready(key);
                } catch (CancelledKeyException e) {
                    // closed meanwhile (cancelled): already completed
                } catch (RuntimeException e) {
                    exchange.crash(e);
                }
            }
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // a bug in one exchange's task: that exchange ends at the run's hard deadline, the loop goes on
        }
    }

    private Runnable take() {
        while (true) {
            try {
                return tasks.take();
            } catch (InterruptedException e) {
                // nobody interrupts the loop on purpose: go on waiting
            }
        }
    }

    /** Fires the deadlines that are due; the milliseconds until the next one (0: none, wait for work). */
    private long expire() {
        long now = System.nanoTime();
        while (!timers.isEmpty()) {
            Timer next = timers.peek();
            if (next.exchange.done || next.generation != next.exchange.generation) {
                timers.poll();
            } else if (next.at - now <= 0) {
                timers.poll();
                next.exchange.timedOut();
            } else {
                return Math.max(1, (next.at - now + 999_999) / 1_000_000);
            }
        }
        return 0;
    }

    private record Timer(long at, Exchange exchange, int generation) {
    }

    /** One exchange's state; touched by the loop thread only. */
    private final class Exchange {
        final CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        private final InetAddress[] addresses;
        private final int port;
        private final ByteBuffer request;
        private final String method;
        private final long maxBody;
        private final long deadline;
        private final HttpWire.Stamps stamps;
        private final List<String> tried = new ArrayList<>();
        private IOException lastConnectFailure;
        private boolean connectTimedOut;
        private int next;
        private SocketChannel channel;
        private SelectionKey key;
        private HttpWire.Stage stage = HttpWire.Stage.CONNECT;
        private byte[] answer = new byte[1024];
        private int length;
        private long firstByteAt;
        boolean done;
        private boolean started;
        int generation;

        Exchange(InetAddress[] addresses, int port, byte[] request, String method, long maxBody, long deadline,
                 HttpWire.Stamps stamps) {
            this.addresses = addresses;
            this.port = port;
            this.request = ByteBuffer.wrap(request);
            this.method = method;
            this.maxBody = maxBody;
            this.deadline = deadline;
            this.stamps = stamps;
        }

        void start() {
            if (done) {
                return; // cancelled before it began
            }
            started = true;
            active++;
            connectNext();
        }

        /** The next address, with its share of what is left of the deadline, as {@link Connector#connect} gives it. */
        private void connectNext() {
            if (next >= addresses.length) {
                fail(Connector.failure(tried, lastConnectFailure, connectTimedOut, port));
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                connectFailed(new SocketTimeoutException("Connect timed out"));
                return;
            }
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                arm(System.nanoTime() + left / (addresses.length - next));
                if (channel.connect(new InetSocketAddress(addresses[next], port))) {
                    connected();
                } else {
                    key = channel.register(selector, SelectionKey.OP_CONNECT, this);
                }
            } catch (IOException e) {
                connectFailed(e);
            }
        }

        /** This address refused or did not answer in its share: the next one. */
        private void connectFailed(IOException e) {
            close();
            lastConnectFailure = e;
            connectTimedOut |= e instanceof SocketTimeoutException;
            tried.add(addresses[next].getHostAddress() + " (" + Connector.reason(e) + ")");
            next++;
            connectNext();
        }

        void ready(SelectionKey ready) {
            if (done) {
                return;
            }
            try {
                if (ready.isConnectable()) {
                    try {
                        channel.finishConnect();
                    } catch (IOException e) {
                        connectFailed(e);
                        return;
                    }
                    connected();
                } else if (ready.isWritable()) {
                    write();
                } else if (ready.isReadable()) {
                    read();
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        private void connected() throws IOException {
            stamps.connectEnd = System.nanoTime();
            stage = HttpWire.Stage.SEND;
            arm(deadline); // the rest of the deadline, beyond this address's share
            if (key == null) {
                key = channel.register(selector, 0, this);
            }
            write();
        }

        private void write() throws IOException {
            channel.write(request);
            if (request.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
            stage = HttpWire.Stage.WAIT;
            key.interestOps(SelectionKey.OP_READ);
        }

        private void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n == 0) {
                return;
            }
            boolean closed = n < 0;
            if (!closed) {
                if (firstByteAt == 0) {
                    firstByteAt = System.nanoTime();
                }
                if (length + n > answer.length) {
                    answer = Arrays.copyOf(answer, Math.max(answer.length * 2, length + n));
                }
                readBuffer.flip();
                readBuffer.get(answer, length, n);
                length += n;
            }
            try {
                HttpAnswer read = HttpWire.readAnswer(DeadlineInput.over(answer, length, closed, firstByteAt), method, maxBody, stamps);
                finish();
                result.complete(read);
            } catch (HttpWire.StageFailure failure) {
                if (failure.io() instanceof DeadlineInput.Incomplete) {
                    stage = firstByteAt == 0 ? HttpWire.Stage.WAIT : HttpWire.Stage.READ;
                    return; // more to come
                }
                finish();
                result.completeExceptionally(failure);
            }
        }

        void timedOut() {
            if (stage == HttpWire.Stage.CONNECT) {
                connectFailed(new SocketTimeoutException("Connect timed out"));
            } else {
                fail(new SocketTimeoutException("Read timed out"));
            }
        }

        /** A failure in the current stage. */
        void fail(IOException e) {
            if (!done) {
                finish();
                result.completeExceptionally(new HttpWire.StageFailure(stage, e));
            }
        }

        /** A bug of the loop's: the probe says so (INTERNAL_ERROR) and the loop goes on. */
        void crash(RuntimeException e) {
            if (!done) {
                finish();
                result.completeExceptionally(e);
            }
        }

        private void arm(long at) {
            generation++;
            timers.add(new Timer(at, this, generation));
        }

        private void finish() {
            done = true;
            if (started) {
                active--;
            }
            close();
        }

        private void close() {
            if (key != null) {
                key.cancel();
                key = null;
            }
            if (channel != null) {
                Connector.closeQuietly(channel);
                channel = null;
            }
        }
    }
}
