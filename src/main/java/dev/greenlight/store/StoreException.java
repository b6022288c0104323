package dev.greenlight.store;

/** The history could not be opened, written or read: the message says which store and why. */
public final class StoreException extends Exception {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
