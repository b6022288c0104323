package dev.greenlight.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * A report's own {@code timestamp}. Writers disagree on its zone: go-junit-report writes one, pytest writes the
 * local time without one, jest-junit and Gradle UTC without one. A time without a zone is read in this machine's
 * zone and is only trusted to within {@link #ZONE_SLACK}.
 *
 * @param zoned whether the text named its zone
 */
public record ReportTime(Instant at, boolean zoned) {

    /** The widest gap between two zones' clocks (UTC-12 to UTC+14). */
    public static final Duration ZONE_SLACK = Duration.ofHours(26);

    /** The time, or null when the text is absent or not an ISO-8601 date and time. */
    public static ReportTime parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11); // "2026-11-24 06:44:09" as some writers put it
        }
        try {
            TemporalAccessor read = DateTimeFormatter.ISO_DATE_TIME.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            return read instanceof OffsetDateTime zoned ? new ReportTime(zoned.toInstant(), true)
                    : new ReportTime(((LocalDateTime) read).atZone(ZoneId.systemDefault()).toInstant(), false);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The earliest moment the text can stand for: the time itself when zoned, a zone's width earlier when not. */
    public Instant earliestPossible() {
        return zoned ? at : at.minus(ZONE_SLACK);
    }

    /** The latest moment the text can stand for: the time itself when zoned, a zone's width later when not. */
    public Instant latestPossible() {
        return zoned ? at : at.plus(ZONE_SLACK);
    }

    /** As written: an instant in UTC when zoned, the local date and time followed by "(no zone)" when not. */
    @Override
    public String toString() {
        Instant whole = at.truncatedTo(ChronoUnit.SECONDS);
        return zoned ? whole.toString() : LocalDateTime.ofInstant(whole, ZoneId.systemDefault()) + " (no zone)";
    }
}
