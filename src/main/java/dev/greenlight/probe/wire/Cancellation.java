package dev.greenlight.probe.wire;

/**
 * How a wire client learns that its probe was stopped from another thread: it registers what closes its
 * socket, and asks before each new connection attempt.
 */
public interface Cancellation {

    /** For an exchange nobody stops: its deadline bounds it. */
    Cancellation NEVER = new Cancellation() {
        @Override
        public void onCancel(Runnable action) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** Registers how to abort the I/O in progress; run at once when already cancelled. */
    void onCancel(Runnable action);

    boolean cancelled();

    /**
     * Told, as evidence, what a connection passed over among its name's addresses (Happy Eyeballs): "connected to ::1
     * after 127.0.0.1 (still connecting)". Said only when a connection was made past another address.
     */
    default void passedOver(String connectedAfter) {
    }
}
