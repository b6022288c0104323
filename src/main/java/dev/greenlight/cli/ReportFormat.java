package dev.greenlight.cli;

/** The report formats of {@code --format}. */
public enum ReportFormat {
    console, json
}
