package dev.greenlight.probe.wire;

/**
 * How a wire client learns that its probe was stopped from another thread: it registers what closes its
 * socket, and asks before each new connection attempt.
 */
public interface Cancellation {

    /** Registers how to abort the I/O in progress; run at once when already cancelled. */
    void onCancel(Runnable action);

    boolean cancelled();
}
