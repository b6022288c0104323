package dev.greenlight.audit;

/** A result file that cannot be read: the message is {@code file:line:column: what is wrong, what was expected}. */
public final class ReportException extends Exception {

    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }
}
