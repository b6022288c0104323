package dev.greenlight.plan;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a run's probes block on: at most the plan's concurrency, started ahead of the run on a thread of their
 * own, and kept for the next run ({@code watch}).
 *
 * <p>Why ahead: starting a platform thread costs 0.2 to 0.7 ms on a small virtual machine (a fresh stack to map and
 * fault in, a hand-shake with the new thread), so a run that started its 200 threads as its checks were submitted
 * spread the starts of its probes over 100 to 350 ms: most of a healthy run's time beyond its slowest probe. Started
 * while the main thread builds the plan, they are waiting when the checks come. The pool only ever grows by the
 * readying thread (it raises the core size one thread at a time), so a check submitted before its thread exists waits
 * in the queue for the next one rather than making the submitting thread start one.
 *
 * <p>On Java 21 and later the probes run on virtual threads instead (a few microseconds each, nothing to ready),
 * at most the plan's concurrency at once; {@code -Dgreenlight.probe_threads=platform} keeps platform threads.
 */
public final class ProbeThreads implements AutoCloseable {

    private final int size;
    private final ThreadPoolExecutor pool;
    /** Java 21+: one virtual thread per probe (null: the platform pool). */
    private final ExecutorService virtual;
    private final Semaphore slots;

    private ProbeThreads(int size) {
        this.size = size;
        this.virtual = virtualThreads();
        this.slots = new Semaphore(size);
        AtomicInteger n = new AtomicInteger();
        this.pool = virtual != null ? null : new ThreadPoolExecutor(1, size, 1, TimeUnit.HOURS, new LinkedBlockingQueue<>(),
                runnable -> {
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

    /**
     * Threads for runs of at most {@code checks} checks at {@code concurrency}, being started from now on in the
     * background.
     */
    public static ProbeThreads ready(int concurrency, int checks) {
        ProbeThreads threads = new ProbeThreads(Math.max(1, Math.min(concurrency, checks)));
        if (threads.virtual != null) {
            return threads;
        }
        Thread readier = new Thread(threads::startAll, "greenlight-probe-threads");
        readier.setDaemon(true);
        readier.start();
        return threads;
    }

    /** Threads started as the run needs them (tests, benches): the same pool without the readying thread. */
    static ProbeThreads onDemand(int concurrency) {
        ProbeThreads threads = new ProbeThreads(Math.max(1, concurrency));
        if (threads.pool != null) {
            threads.pool.setCorePoolSize(threads.size);
        }
        return threads;
    }

    private void startAll() {
        try {
            pool.prestartCoreThread();
            for (int core = 2; core <= size && !pool.isShutdown(); core++) {
                pool.setCorePoolSize(core);
                pool.prestartCoreThread();
            }
        } catch (RuntimeException e) {
            // shut down meanwhile: nothing left to ready
        }
    }

    public int size() {
        return size;
    }

    /** How many platform threads the pool has started so far (virtual threads: 0). */
    int started() {
        return pool == null ? 0 : pool.getPoolSize();
    }

    /** Whether probes run on virtual threads (Java 21+). */
    public boolean virtual() {
        return virtual != null;
    }

    /** Runs each task on a probe thread, at most {@link #size()} at once (the rest wait their turn, in order). */
    Executor executor() {
        if (pool != null) {
            return pool;
        }
        return task -> virtual.execute(() -> {
            slots.acquireUninterruptibly();
            try {
                task.run();
            } finally {
                slots.release();
            }
        });
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
