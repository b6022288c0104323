package dev.greenlight.plan;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a run's probes block on: started ahead of the run by a thread of their own, and kept for the next run
 * ({@code watch}).
 *
 * <p>Why ahead: starting a platform thread costs 0.25 to 0.7 ms on a small virtual machine (HotSpot's hand-shake with
 * the new thread, a fresh stack to map and fault in), so a run that started its 200 threads as its checks were
 * submitted spread the starts of its probes over 280 to 350 ms: most of a healthy run's time beyond its slowest probe.
 * Started while the command line is parsed and the config read, they are waiting when the checks come. The pool only
 * ever grows from the readying thread (it raises the core size one thread at a time), so a check submitted before its
 * thread exists waits in the queue for the next one rather than making the submitting thread start one.
 *
 * <p>On Java 21 and later the probes run on virtual threads instead (a few microseconds each, nothing to ready);
 * {@code -Dgreenlight.probe_threads=platform} keeps platform threads. Either way a run has at most its plan's
 * concurrency of probes in flight ({@link #executor(int)}).
 */
public final class ProbeThreads implements AutoCloseable {

    private final ThreadPoolExecutor pool;
    /** Java 21+: one virtual thread per probe (null: the platform pool). */
    private final ExecutorService virtual;
    private final AtomicInteger target = new AtomicInteger();
    /**
     * Threads running a task now. Counted here: the pool's own active count also counts a worker that is still
     * starting, which made a spare thread two.
     */
    private final AtomicInteger busy = new AtomicInteger();
    private final Object readying = new Object();
    private boolean readierRunning;

    private ProbeThreads() {
        this.virtual = virtualThreads();
        AtomicInteger n = new AtomicInteger();
        this.pool = virtual != null ? null : new ThreadPoolExecutor(1, Integer.MAX_VALUE, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "greenlight-probe-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** A virtual thread per task where the JDK has them (looked up by reflection: the baseline is Java 17). */
    private static ExecutorService virtualThreads() {
        if (Runtime.version().feature() < 21 || "platform".equals(System.getProperty("greenlight.probe_threads"))) {
            return null;
        }
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** {@code threads} probe threads, being started from now on in the background. */
    public static ProbeThreads ready(int threads) {
        ProbeThreads pool = new ProbeThreads();
        pool.ensure(threads);
        return pool;
    }

    /**
     * At least {@code threads} threads from now on (started in the background; a plan larger than the first guess
     * raises it once its config is read). Never shrinks.
     */
    public ProbeThreads ensure(int threads) {
        int wanted = Math.max(1, threads);
        if (pool == null || target.getAndAccumulate(wanted, Math::max) >= wanted) {
            return this;
        }
        startReadier();
        return this;
    }

    private void startReadier() {
        synchronized (readying) {
            if (readierRunning) {
                return; // the running readier reads the new target before it stops
            }
            readierRunning = true;
        }
        Thread readier = new Thread(this::startAll, "greenlight-probe-threads");
        readier.setDaemon(true);
        readier.start();
    }

    /**
     * At least {@code free} threads not busy with anything: a run's threads, kept for the next, on top of any held by a
     * probe of an earlier run that never returned (it would otherwise take a thread from every later run).
     */
    public ProbeThreads ensureFree(int free) {
        return ensure(free + busy.get());
    }

    private void startAll() {
        while (true) {
            try {
                while (pool.getCorePoolSize() < target.get() && !pool.isShutdown()) {
                    int core = pool.getCorePoolSize();
                    if (pool.getPoolSize() >= core) {
                        pool.setCorePoolSize(core + 1);
                    }
                    pool.prestartCoreThread();
                }
            } catch (RuntimeException e) {
                return; // shut down meanwhile: nothing left to ready
            }
            synchronized (readying) {
                if (pool.getCorePoolSize() >= target.get() || pool.isShutdown()) {
                    readierRunning = false;
                    return;
                }
            }
        }
    }

    /** How many platform threads the pool has started so far (virtual threads: 0). */
    int started() {
        return pool == null ? 0 : pool.getPoolSize();
    }

    /** Whether probes run on virtual threads (Java 21+). */
    public boolean virtual() {
        return virtual != null;
    }

    /**
     * Runs each task on a probe thread, at most {@code concurrency} at once (the rest wait their turn, in order).
     * On platform threads, a run needs {@link #ensure} of the checks it runs on threads (its concurrency at most).
     */
    Slots executor(int concurrency) {
        Executor threads = pool != null ? pool : virtual;
        return new Slots(task -> threads.execute(() -> {
            busy.incrementAndGet();
            try {
                task.run();
            } finally {
                busy.decrementAndGet();
            }
        }), concurrency);
    }

    /**
     * A thread to spare beyond those busy now: a check that began on the I/O loop is going on to block its thread (a
     * retry, a confirmation, settling), so it must not hold up the short work of the checks finishing behind it. The
     * pool grows to the most threads ever held at once, not by one per call: {@code watch} calls it every run.
     */
    void oneMoreHeld() {
        if (pool != null) {
            ensure(busy.get() + 1);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        } else {
            virtual.shutdownNow();
        }
    }
}
