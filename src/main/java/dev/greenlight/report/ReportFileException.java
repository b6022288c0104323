package dev.greenlight.report;

/** A report file given to read back is missing, not a Greenlight JSON report, or of a newer schema. */
public final class ReportFileException extends Exception {

    public ReportFileException(String message) {
        super(message);
    }
}
