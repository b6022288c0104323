package dev.greenlight.audit;

/** A result file that cannot be read: the message is {@code file:line:column: what is wrong, what was expected}. */
public class ReportException extends Exception {

    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    /** Well-formed, but another kind of file (failsafe-summary.xml, a pom): skipped when found in a directory. */
    public static final class NotAReport extends ReportException {
        private static final long serialVersionUID = 1L;

        public NotAReport(String message) {
            super(message);
        }
    }
}
