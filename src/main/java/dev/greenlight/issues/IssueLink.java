package dev.greenlight.issues;

/** An issue on the tracker: its number and address. */
public record IssueLink(int number, String url) {
}
