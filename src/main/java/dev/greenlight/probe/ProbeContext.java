package dev.greenlight.probe;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a probe attempt is given: its deadline, its credential if the check names an auth source, and a
 * way to be stopped from another thread.
 * A probe registers how to abort its I/O ({@link #onCancel}); {@link #cancel()} runs it.
 */
public final class ProbeContext implements dev.greenlight.probe.wire.Cancellation {

    private final Duration timeout;
    private final String bearer;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Runnable> abort = new AtomicReference<>(() -> { });
    private final java.util.List<String> passedOver = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ProbeContext(Duration timeout) {
        this(timeout, null);
    }

    /** @param bearer the token of the check's auth source, sent as {@code Authorization: Bearer} (null for none) */
    public ProbeContext(Duration timeout, String bearer) {
        this.timeout = timeout;
        this.bearer = bearer;
    }

    public String bearer() {
        return bearer;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public void onCancel(Runnable action) {
        abort.set(action);
        if (cancelled.get()) {
            action.run();
        }
    }

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            abort.get().run();
        }
    }

    @Override
    public boolean cancelled() {
        return cancelled.get();
    }

    @Override
    public void passedOver(String connectedAfter) {
        passedOver.add(connectedAfter);
    }

    /** What this attempt's connections passed over among their names' addresses, in order ("connected to ::1 after ..."). */
    public java.util.List<String> passedOver() {
        return java.util.List.copyOf(passedOver);
    }
}
