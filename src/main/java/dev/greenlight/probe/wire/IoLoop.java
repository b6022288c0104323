package dev.greenlight.probe.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
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
 * Probes' connections without a thread each: a selector thread (one of {@link #LOOPS}) connects to the addresses of a name as
 * {@link Connector#connect} does (Happy Eyeballs: {@link Attempts}), then carries a {@link Talk} on
 * the connection: an HTTP request and its answer ({@link HttpWire#begin}), a WebSocket's upgrade and its frames
 * ({@link WebSocketWire#begin}). A talk reads with the same code as its blocking client, over the bytes heard so far
 * ({@link DeadlineInput#over}), and fails the same way: a {@link HttpWire.StageFailure} saying the stage.
 *
 * <p>Why: a probe that waits on a platform thread needs one thread per check in flight, and starting a thread costs
 * 0.25 to 0.7 ms on a small virtual machine (its stack mapped, HotSpot's hand-shake): 200 checks spent 100 to 190 ms
 * just getting their threads going, most of a healthy run's time beyond its slowest answer.
 */
public final class IoLoop {

    private static final int READ_BUFFER = 64 * 1024;
    /**
     * New work started per turn of the loop before it looks at what is ready: a run hands it hundreds of checks at once,
     * and a server that answers the first connections while the last are being opened should be read meanwhile.
     */
    private static final int TASKS_PER_TURN = 16;

    private final Selector selector;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    /** Each exchange's next deadline; an entry is stale once its exchange moved on (its generation changed). Loop thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::at));
    /** Direct: a read into a heap buffer goes through a temporary direct one and is copied once more. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    /** Exchanges started and not finished. Loop thread only. */
    private int active;
    /**
     * Channels whose keys were cancelled since the last select, closed once it has let go of them: a channel closed
     * while still registered is shut down for writing and asked its SO_LINGER first (two system calls more each, for
     * every check). Loop thread only, as is {@link #spare}.
     */
    private List<SocketChannel> cancelled = new ArrayList<>();
    private List<SocketChannel> spare = new ArrayList<>();

    private final Thread thread;

    private IoLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The process's loops: two where there are two cores or more (most of a loop's time is the kernel's work on its
     * sockets, which a second loop does beside it: measured, 10,000 checks in one run 10 % sooner, a cold 2,000-check
     * run 8 %), one on a single core; {@code -Dgreenlight.io_loops=N} sets it.
     */
    private static final IoLoop[] LOOPS = new IoLoop[Math.max(1,
            Integer.getInteger("greenlight.io_loops", Math.min(2, Runtime.getRuntime().availableProcessors())))];
    private static int turn;

    /** The loop whose thread this is (null: not a loop's). */
    private static final ThreadLocal<IoLoop> OWN = new ThreadLocal<>();

    /**
     * The loop for the next connection: the calling loop's own (a check judged on a loop starts the next one there, with
     * no wake-up of another loop's selector), else each in turn, each started on first use.
     */
    static IoLoop shared() {
        IoLoop own = OWN.get();
        return own != null ? own : next();
    }

    private static synchronized IoLoop next() {
        int i = turn++ % LOOPS.length;
        if (LOOPS[i] == null) {
            try {
                LOOPS[i] = new IoLoop("greenlight-io-loop-" + (i + 1));
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector for the I/O loop", e);
            }
        }
        return LOOPS[i];
    }

    /**
     * What one connection on the loop says and makes of what it hears: an HTTP request and its answer, or a WebSocket's
     * upgrade and its frames. Called on the loop thread only.
     */
    interface Talk<T> {
        /** Sent once connected. */
        byte[] opening();

        /** Makes what it can of what was heard so far: the outcome, or null to hear more. A failure is its stage's. */
        T heard(Line line) throws IOException;

        /** The line's deadline passed: the outcome, or null when it set a later one. */
        T late(Line line) throws IOException;

        /** Said, if it can be, before the connection is closed (null: nothing). */
        default byte[] goodbye() {
            return null;
        }
    }

    /** One connection as its talk sees it. */
    interface Line {
        /** What was heard and not consumed yet: the first {@link #length()} bytes. */
        byte[] heard();

        int length();

        /** Whether the peer closed after what was heard. */
        boolean closed();

        /** When the first byte was heard (System.nanoTime; 0: none yet). */
        long firstByteAt();

        /** Drops the first {@code n} bytes heard: they are dealt with. */
        void consume(int n);

        /** Sends {@code bytes} after anything not sent yet. */
        void say(byte[] bytes) throws IOException;

        /** The talk's next deadline (System.nanoTime): {@link Talk#late} is called past it. */
        void deadline(long nanos);
    }

    /**
     * Talks on a connection to the first address of {@code host} (looked up off the loop on the resolver's threads, as
     * {@link Connector#resolve} does; a failed lookup fails in stage DNS) that accepts one on {@code port}: connected before
     * {@code deadline} (its addresses raced as {@link Attempts} says), which also bounds the talk until it sets its own; cancelling
     * closes the connection. Fails with a {@link HttpWire.StageFailure}.
     */
    <T> CompletableFuture<T> talk(String host, int port, Talk<T> talk, long deadline, Cancellation cancellation,
                                  HttpWire.Stamps stamps) {
        stamps.dnsStart = System.nanoTime();
        return Connector.resolveLater(host, deadline, cancellation)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                    throw new java.util.concurrent.CompletionException(cause instanceof IOException io
                            ? new HttpWire.StageFailure(HttpWire.Stage.DNS, io) : cause);
                })
                .thenCompose(addresses -> {
                    stamps.dnsEnd = System.nanoTime();
                    return talk(addresses, port, talk, deadline, cancellation, stamps);
                });
    }

    private <T> CompletableFuture<T> talk(InetAddress[] addresses, int port, Talk<T> talk, long deadline, Cancellation cancellation,
                                          HttpWire.Stamps stamps) {
        Exchange<T> exchange = new Exchange<>(addresses, port, talk, deadline, cancellation, stamps);
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
        // the loop's own thread (a check judged there starts the next) takes its tasks at its next turn unwoken
        if (Thread.currentThread() != thread && woken.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    private void loop() {
        OWN.set(this);
        while (true) {
            woken.set(false);
            for (int n = 0; n < TASKS_PER_TURN; n++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                run(task);
            }
            boolean more = !tasks.isEmpty();
            long wait = expire();
            if (active == 0 && !more) {
                // nothing on the wire: wait for work parked, not in select(). A thread in native code holds up the
                // JVM's exit by up to 300 ms (HotSpot waits for it), which every one-check verify paid. The connections
                // closed last are released first (a channel's socket is closed once its key is deregistered).
                releaseClosed();
                run(take());
                continue;
            }
            try {
                select(more, wait); // with more to start, what is ready goes on while the rest of a burst is started
            } catch (IOException e) {
                continue; // the selector itself failed: the next round's deadlines still fire
            }
            for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                SelectionKey key = keys.next();
                keys.remove();
                Ready ready = (Ready) key.attachment();
                try {
                    ready.ready(key);
                } catch (CancelledKeyException e) {
                    // closed meanwhile (cancelled): already completed
                } catch (RuntimeException e) {
                    ready.crash(e);
                }
            }
        }
    }

    private void releaseClosed() {
        try {
            select(true, 0);
            selector.selectedKeys().clear();
        } catch (IOException e) {
            // released at the next select
        }
    }

    /** A select ({@code now}: without waiting), after which the channels cancelled before it are closed. */
    private void select(boolean now, long wait) throws IOException {
        List<SocketChannel> released = cancelled;
        cancelled = spare;
        try {
            if (now) {
                selector.selectNow();
            } else {
                selector.select(wait);
            }
        } finally {
            for (SocketChannel channel : released) {
                Connector.closeQuietly(channel);
            }
            released.clear();
            spare = released;
        }
    }

    /** Closes a registered channel: its key now, the channel once the next select has deregistered it. */
    private void close(SelectionKey key, SocketChannel channel) {
        key.cancel();
        cancelled.add(channel);
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
                try {
                    next.exchange.timedOut();
                } catch (RuntimeException e) {
                    next.exchange.crash(e);
                }
            } else {
                return Math.max(1, (next.at - now + 999_999) / 1_000_000);
            }
        }
        return 0;
    }

    private record Timer(long at, Exchange<?> exchange, int generation) {
    }

    /** What a selection key is attached to: a connection, or one of its attempts while it connects. */
    private interface Ready {
        void ready(SelectionKey key);

        void crash(RuntimeException e);
    }

    /** One connection's state; touched by the loop thread only. */
    private final class Exchange<T> implements Line, Ready {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final int port;
        private final Talk<T> talk;
        private final long deadline;
        private final HttpWire.Stamps stamps;
        private final Cancellation cancellation;
        private final Attempts attempts;
        /** The attempts in flight while it connects (Happy Eyeballs: {@link Attempts}). */
        private final List<Attempt> connecting = new ArrayList<>(1);
        private SocketChannel channel;
        private SelectionKey key;
        private HttpWire.Stage stage = HttpWire.Stage.CONNECT;
        private ByteBuffer out;
        private byte[] heard = new byte[1024];
        private int length;
        private boolean closed;
        private long firstByteAt;
        boolean done;
        private boolean started;
        int generation;
        private long armedAt;

        Exchange(InetAddress[] addresses, int port, Talk<T> talk, long deadline, Cancellation cancellation,
                 HttpWire.Stamps stamps) {
            this.attempts = new Attempts(addresses, port);
            this.cancellation = cancellation;
            this.port = port;
            this.talk = talk;
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

        /** An attempt to the next address; the next after it is due when this one has had its time alone. */
        private void connectNext() {
            if (!attempts.more()) {
                if (connecting.isEmpty()) {
                    fail(attempts.failure());
                } else if (armedAt != deadline) {
                    arm(deadline); // the last address failed at once: those still connecting have the rest of the deadline
                }
                return;
            }
            if (deadline - System.nanoTime() <= 0) {
                connectTimedOut();
                return;
            }
            Attempt attempt = new Attempt(attempts.next());
            long startedAt = System.nanoTime();
            boolean connectedAtOnce;
            try {
                // a socket of the address's own family: a dual-stack one costs a system call more (IPV6_V6ONLY) each
                attempt.channel = SocketChannel.open(attempt.address instanceof java.net.Inet6Address
                        ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
                attempt.channel.configureBlocking(false);
                attempt.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                // on loopback (and often a near host) the handshake is over when connect() returns: the request goes
                // out in this turn, not after a turn of the selector (measured: a 2,000-check run 8 % sooner)
                connectedAtOnce = attempt.channel.connect(new InetSocketAddress(attempt.address, port))
                        || attempt.channel.finishConnect();
                if (!connectedAtOnce) {
                    attempt.key = attempt.channel.register(selector, SelectionKey.OP_CONNECT, attempt);
                    connecting.add(attempt);
                }
            } catch (IOException e) {
                attemptFailed(attempt, e);
                return;
            }
            if (connectedAtOnce) {
                try {
                    won(attempt);
                } catch (IOException e) {
                    fail(e); // sending, not connecting, failed
                }
                return;
            }
            arm(attempts.more() ? Math.min(deadline, startedAt + Attempts.DELAY_NANOS) : deadline);
        }

        /** This address refused (or could not be tried): the next one at once. */
        private void attemptFailed(Attempt attempt, IOException e) {
            attempt.close();
            connecting.remove(attempt);
            attempts.failed(attempt.address, e);
            connectNext();
        }

        private void connectTimedOut() {
            List<InetAddress> still = new ArrayList<>();
            for (Attempt attempt : connecting) {
                attempt.close();
                still.add(attempt.address);
            }
            connecting.clear();
            if (still.isEmpty() && attempts.more()) {
                still.add(attempts.next()); // the deadline passed before its first attempt could begin
            }
            attempts.timedOut(still);
            fail(attempts.failure());
        }

        /** The first connection made: the other attempts are closed, the talk begins on it. */
        private void won(Attempt winner) throws IOException {
            connecting.remove(winner);
            List<InetAddress> slower = new ArrayList<>();
            for (Attempt other : connecting) {
                slower.add(other.address);
                other.close();
            }
            attempts.won(winner.address, slower, cancellation);
            connecting.clear();
            channel = winner.channel;
            key = winner.key;
            if (key != null) {
                key.attach(this);
            }
            connected();
        }

        @Override
        public void ready(SelectionKey ready) {
            if (done) {
                return;
            }
            try {
                if (ready.isWritable()) {
                    flush();
                }
                if (!done && ready.isReadable()) {
                    read();
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        private void connected() throws IOException {
            stamps.connectEnd = System.nanoTime();
            stage = HttpWire.Stage.SEND;
            arm(deadline); // the rest of the deadline (connecting, the next address was due after the attempt delay)
            if (key == null) {
                key = channel.register(selector, 0, this);
            }
            out = ByteBuffer.wrap(talk.opening());
            flush();
        }

        /** Writes what it can of what is to be said; reads once the opening is out. */
        private void flush() throws IOException {
            channel.write(out);
            if (stage == HttpWire.Stage.SEND && !out.hasRemaining()) {
                stage = HttpWire.Stage.WAIT;
            }
            int reading = stage == HttpWire.Stage.SEND ? 0 : SelectionKey.OP_READ;
            key.interestOps(reading | (out.hasRemaining() ? SelectionKey.OP_WRITE : 0));
        }

        private void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n == 0) {
                return;
            }
            closed = n < 0;
            if (!closed) {
                if (firstByteAt == 0) {
                    firstByteAt = System.nanoTime();
                    stage = HttpWire.Stage.READ;
                }
                if (length + n > heard.length) {
                    heard = Arrays.copyOf(heard, Math.max(heard.length * 2, length + n));
                }
                readBuffer.flip();
                readBuffer.get(heard, length, n);
                length += n;
            } else {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ); // nothing more to hear
            }
            conclude(talk.heard(this));
        }

        void timedOut() {
            if (stage == HttpWire.Stage.CONNECT) {
                if (deadline - System.nanoTime() <= 0) {
                    connectTimedOut();
                } else if (attempts.more()) {
                    connectNext(); // the attempts so far had their time alone: the next address beside them
                } else {
                    arm(deadline);
                }
                return;
            }
            try {
                conclude(talk.late(this));
            } catch (IOException e) {
                fail(e);
            }
        }

        private void conclude(T outcome) {
            if (outcome != null) {
                finish();
                result.complete(outcome);
            }
        }

        @Override
        public byte[] heard() {
            return heard;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public boolean closed() {
            return closed;
        }

        @Override
        public long firstByteAt() {
            return firstByteAt;
        }

        @Override
        public void consume(int n) {
            System.arraycopy(heard, n, heard, 0, length - n);
            length -= n;
        }

        @Override
        public void say(byte[] bytes) throws IOException {
            ByteBuffer more = ByteBuffer.allocate(out.remaining() + bytes.length);
            more.put(out).put(bytes).flip();
            out = more;
            flush();
        }

        @Override
        public void deadline(long nanos) {
            if (nanos != armedAt) { // a stream of frames that leaves the deadline where it was adds no timer each
                arm(nanos);
            }
        }

        /** A failure in the current stage (a talk's own {@link HttpWire.StageFailure} keeps its stage). */
        void fail(IOException e) {
            if (!done) {
                finish();
                result.completeExceptionally(e instanceof HttpWire.StageFailure f ? f : new HttpWire.StageFailure(stage, e));
            }
        }

        /** A bug of the loop's or a talk's: the probe says so (INTERNAL_ERROR) and the loop goes on. */
        @Override
        public void crash(RuntimeException e) {
            if (!done) {
                finish();
                result.completeExceptionally(e);
            }
        }

        private void arm(long at) {
            generation++;
            armedAt = at;
            timers.add(new Timer(at, this, generation));
        }

        private void finish() {
            done = true;
            if (started) {
                active--;
            }
            byte[] goodbye = channel != null && stage != HttpWire.Stage.CONNECT && !closed ? talk.goodbye() : null;
            if (goodbye != null) {
                try {
                    channel.write(ByteBuffer.wrap(goodbye)); // as much as goes at once: the connection closes next
                } catch (IOException ignored) {
                    // gone already
                }
            }
            close();
        }

        private void close() {
            for (Attempt attempt : connecting) {
                attempt.close();
            }
            connecting.clear();
            closeChannel(key, channel);
            key = null;
            channel = null;
        }
    
        private void closeChannel(SelectionKey key, SocketChannel channel) {
            if (key != null) {
                IoLoop.this.close(key, channel);
            } else if (channel != null) {
                Connector.closeQuietly(channel);
            }
        }

        /** One address being connected to. */
        private final class Attempt implements Ready {
            final InetAddress address;
            SocketChannel channel;
            SelectionKey key;

            Attempt(InetAddress address) {
                this.address = address;
            }

            @Override
            public void ready(SelectionKey ready) {
                if (done) {
                    return;
                }
                try {
                    channel.finishConnect();
                } catch (IOException e) {
                    attemptFailed(this, e);
                    return;
                }
                try {
                    won(this);
                } catch (IOException e) {
                    fail(e);
                }
            }

            @Override
            public void crash(RuntimeException e) {
                Exchange.this.crash(e);
            }

            void close() {
                closeChannel(key, channel);
                key = null;
                channel = null;
            }
        }
    }
}
