package dev.greenlight.plan;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A run's way onto the probe threads: at most its concurrency of checks in flight, the rest waiting their turn in
 * order. A check holds its slot while it runs on a thread ({@link #execute}) or while its first exchange waits on the
 * I/O loop and then finishes on a thread ({@link #begin}): waiting on the loop holds no thread.
 */
final class Slots implements Executor {

    private final Executor threads;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int free;

    Slots(Executor threads, int concurrency) {
        this.threads = threads;
        this.free = Math.max(1, concurrency);
    }

    /** Runs {@code task} on a probe thread once a slot is free; the slot is freed when it returns. */
    @Override
    public void execute(Runnable task) {
        admit(() -> onThread(task));
    }

    /**
     * Once a slot is free, {@code start}s work on the calling thread (or on the one that freed the slot): it must not
     * block. When the future {@code done} gives for it completes, {@code then} runs on the thread that completed it (it
     * must not block either) and says what is left to do on a probe thread (null: nothing); the slot is freed when the
     * work is over. A future already complete when it is given (a probe that failed at once) goes to a probe thread
     * whole: work that frees a slot and starts the next check on the same thread must not nest once per check waiting.
     */
    <T> void begin(Supplier<T> start, Function<T, CompletableFuture<?>> done, Function<T, Runnable> then) {
        admit(() -> {
            T begun = start.get();
            CompletableFuture<?> answer = done.apply(begun);
            if (answer.isDone()) {
                onThread(() -> {
                    Runnable rest = then.apply(begun);
                    if (rest != null) {
                        rest.run();
                    }
                });
            } else {
                answer.whenComplete((ignored, failure) -> thenHere(() -> then.apply(begun)));
            }
        });
    }

    private void thenHere(Supplier<Runnable> then) {
        Runnable rest;
        try {
            rest = then.get();
        } catch (RuntimeException | Error e) {
            release();
            throw e;
        }
        if (rest == null) {
            release();
        } else {
            onThread(rest);
        }
    }

    private void onThread(Runnable task) {
        threads.execute(() -> {
            try {
                task.run();
            } finally {
                release();
            }
        });
    }

    private void admit(Runnable go) {
        synchronized (this) {
            if (free == 0) {
                waiting.add(go);
                return;
            }
            free--;
        }
        go.run();
    }

    /** The freed slot goes to the next check waiting, if any. */
    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                free++;
                return;
            }
        }
        next.run();
    }
}
