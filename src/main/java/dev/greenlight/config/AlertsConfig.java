package dev.greenlight.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alerts:} section, read by {@code greenlight watch}: when a root cause is worth telling someone, and
 * where to tell it.
 *
 * <pre>
 * alerts:
 *   failure_threshold: 3        # runs in a row a root cause is seen before it is alerted
 *   success_threshold: 2        # runs in a row without it before it is resolved
 *   remind_every: 4h            # while it lasts (optional)
 *   maintenance:
 *     - { from: 2026-12-01T02:00:00Z, to: 2026-12-01T04:00:00Z, why: "database upgrade" }
 *     - { every: [sat, sun], start: "02:00", duration: 2h, timezone: Europe/Paris }
 *   send:
 *     - webhook: https://hooks.example.com/greenlight
 *       secret: ${GREENLIGHT_WEBHOOK_SECRET}
 *     - slack: ${SLACK_WEBHOOK_URL}
 *     - exec: ["./page-oncall.sh"]
 * </pre>
 */
public record AlertsConfig(int failureThreshold, int successThreshold, Optional<Duration> remindEvery,
                           List<Maintenance> maintenance, List<Target> send) {

    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 2;
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);
    public static final AlertsConfig NONE = new AlertsConfig(DEFAULT_FAILURE_THRESHOLD, DEFAULT_SUCCESS_THRESHOLD,
            Optional.empty(), List.of(), List.of());

    public AlertsConfig {
        maintenance = List.copyOf(maintenance);
        send = List.copyOf(send);
    }

    public boolean enabled() {
        return !send.isEmpty();
    }

    /** Whether {@code at} falls in a maintenance window: nothing new is alerted then. */
    public Optional<Maintenance> maintenanceAt(Instant at) {
        return maintenance.stream().filter(m -> m.covers(at)).findFirst();
    }

    /** Where an alert goes. */
    public enum Kind { WEBHOOK, SLACK, EXEC }

    /**
     * One destination: a URL for a webhook or a Slack-compatible incoming webhook, a command for exec.
     *
     * @param secret the HMAC key of a webhook (null for none)
     * @param line   where it is written, so two destinations with one URL stay apart
     */
    public record Target(Kind kind, String url, List<String> command, String secret, Duration timeout, int line) {
        public Target {
            command = command == null ? List.of() : List.copyOf(command);
        }
    }

    /**
     * A window in which nothing new is alerted: once ({@code from}..{@code to}) or every week on {@code days} from
     * {@code start} for {@code duration} in {@code zone}.
     */
    public record Maintenance(Instant from, Instant to, Set<DayOfWeek> days, LocalTime start, Duration duration, ZoneId zone,
                              String why) {

        public boolean covers(Instant at) {
            if (from != null) {
                return !at.isBefore(from) && at.isBefore(to);
            }
            ZonedDateTime here = at.atZone(zone);
            // a window that started on an earlier day may still be open (23:00 for 2h): look back as far as it lasts
            for (long back = 0; back <= duration.toDays() + 1; back++) {
                ZonedDateTime day = here.minusDays(back);
                if (days.contains(day.getDayOfWeek())) {
                    ZonedDateTime opens = day.toLocalDate().atTime(start).atZone(zone);
                    if (!here.isBefore(opens) && here.isBefore(opens.plus(duration))) {
                        return true;
                    }
                }
            }
            return false;
        }

        public String describe() {
            String when = from != null ? from + " to " + to
                    : days.stream().map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).toList() + " " + start + " for "
                    + Durations.format(duration) + " (" + zone + ")";
            return why == null ? when : when + ": " + why;
        }
    }

    static AlertsConfig read(Node node) throws ConfigException {
        Fields f = Fields.of(node, "'alerts'", "failure_threshold", "success_threshold", "remind_every", "maintenance", "send");
        List<Maintenance> windows = new ArrayList<>();
        if (f.has("maintenance")) {
            for (Node item : Values.list(f.required("maintenance"), "'maintenance' of 'alerts'").items()) {
                windows.add(maintenance(item));
            }
        }
        List<Target> send = new ArrayList<>();
        for (Node item : Values.list(f.required("send"), "'send' of 'alerts'").items()) {
            send.add(target(item));
        }
        if (send.isEmpty()) {
            throw new ConfigException(f.required("send").location(), "'send' of 'alerts' is empty; expected at least one of "
                    + "webhook: URL, slack: URL, exec: [command]");
        }
        return new AlertsConfig(f.integer("failure_threshold", 1, 1000).orElse(DEFAULT_FAILURE_THRESHOLD),
                f.integer("success_threshold", 1, 1000).orElse(DEFAULT_SUCCESS_THRESHOLD), f.duration("remind_every"), windows, send);
    }

    private static Target target(Node node) throws ConfigException {
        String what = "an item of 'send' of 'alerts'";
        Fields f = Fields.of(node, what, "webhook", "slack", "exec", "secret", "timeout");
        List<Kind> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (f.has(k.name().toLowerCase(Locale.ROOT))) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            throw new ConfigException(f.location(), what + " " + (kinds.isEmpty() ? "names no destination" : "names "
                    + kinds.size() + " destinations") + "; expected exactly one of webhook: URL, slack: URL, exec: [command]");
        }
        Kind kind = kinds.get(0);
        Duration timeout = f.duration("timeout").orElse(DEFAULT_SEND_TIMEOUT);
        String secret = f.string("secret").orElse(null);
        if (secret != null && kind != Kind.WEBHOOK) {
            throw new ConfigException(f.keyLocation("secret"), "'secret' of " + what + " signs a webhook's body; a "
                    + kind.name().toLowerCase(Locale.ROOT) + " destination takes none");
        }
        if (kind == Kind.EXEC) {
            List<String> command = f.strings("exec");
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new ConfigException(f.required("exec").location(), "'exec' of " + what
                        + " is empty; expected a command and its arguments, e.g. [\"./page-oncall.sh\", \"--team\", \"payments\"]");
            }
            return new Target(kind, null, command, null, timeout, node.location().line());
        }
        String key = kind.name().toLowerCase(Locale.ROOT);
        String url = Values.httpUrl(f.required(key), "'" + key + "' of " + what, "https://hooks.example.com/greenlight");
        return new Target(kind, url, List.of(), secret, timeout, node.location().line());
    }

    private static Maintenance maintenance(Node node) throws ConfigException {
        String what = "an item of 'maintenance' of 'alerts'";
        Fields f = Fields.of(node, what, "from", "to", "every", "start", "duration", "timezone", "why");
        String why = f.string("why").orElse(null);
        if (f.has("from") || f.has("to")) {
            for (String other : List.of("every", "start", "duration", "timezone")) {
                if (f.has(other)) {
                    throw new ConfigException(f.keyLocation(other), what + " is either once (from, to) or weekly (every, start, "
                            + "duration, timezone), not both; '" + other + "' with 'from'/'to'");
                }
            }
            Instant from = instant(f.required("from"), "'from' of " + what);
            Instant to = instant(f.required("to"), "'to' of " + what);
            if (!to.isAfter(from)) {
                throw new ConfigException(f.required("to").location(), "'to' of " + what + " (" + to + ") is not after 'from' ("
                        + from + ")");
            }
            return new Maintenance(from, to, Set.of(), null, null, null, why);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Node day : Values.list(f.required("every"), "'every' of " + what).items()) {
            days.add(day(day));
        }
        if (days.isEmpty()) {
            throw new ConfigException(f.required("every").location(), "'every' of " + what + " is empty; expected days, e.g. [sat, sun]");
        }
        String startText = f.requiredString("start");
        LocalTime start;
        try {
            start = LocalTime.parse(startText);
        } catch (DateTimeParseException e) {
            throw new ConfigException(f.required("start").location(), "'start' of " + what + " is '" + startText
                    + "'; expected a time of day as HH:MM, e.g. \"02:00\"");
        }
        Duration duration = Values.positiveDuration(f.required("duration"), "'duration' of " + what);
        if (duration.compareTo(Duration.ofDays(7)) > 0) {
            throw new ConfigException(f.required("duration").location(), "'duration' of " + what + " is longer than a week");
        }
        String zoneText = f.string("timezone").orElse("UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw new ConfigException(f.required("timezone").location(), "'timezone' of " + what + " is '" + zoneText
                    + "', not a time zone; expected e.g. UTC or Europe/Paris");
        }
        return new Maintenance(null, null, days, start, duration, zone, why);
    }

    private static Instant instant(Node node, String field) throws ConfigException {
        String text = Values.string(node, field);
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConfigException(node.location(), field + " is '" + text + "'; expected a date and time with its offset, "
                    + "e.g. 2026-12-01T02:00:00Z");
        }
    }

    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);

    private static DayOfWeek day(Node node) throws ConfigException {
        String text = Values.string(node, "a day of 'every'").toLowerCase(Locale.ROOT);
        String key = text.length() >= 3 ? text.substring(0, 3) : text;
        DayOfWeek day = DAYS.get(key);
        if (day == null || !day.name().toLowerCase(Locale.ROOT).startsWith(text)) {
            throw new ConfigException(node.location(), "'" + text + "' is not a day; expected mon, tue, wed, thu, fri, sat or sun");
        }
        return day;
    }
}
