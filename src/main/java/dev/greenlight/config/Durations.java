package dev.greenlight.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 3m}, {@code 1h30m}, {@code 30d}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

    /**
     * The longest duration read: ten years, longer than any {@code --keep} means. A longer one is refused rather than
     * wrapped around (a long's nanoseconds end at 292 years) into a negative or arbitrary time.
     */
    public static final Duration LONGEST = Duration.ofDays(3650);

    private Durations() {
    }

    /**
     * The duration {@code text} says; empty when it is not a duration.
     *
     * @throws TooLong when it is one, longer than {@link #LONGEST}
     */
    public static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (!WHOLE.matcher(t).matches()) {
            return Optional.empty();
        }
        Matcher m = PART.matcher(t);
        BigDecimal millis = BigDecimal.ZERO;
        while (m.find()) {
            BigDecimal n = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            millis = millis.add(n.multiply(BigDecimal.valueOf(unit)));
        }
        if (millis.compareTo(BigDecimal.valueOf(LONGEST.toMillis())) > 0) {
            throw new TooLong(t);
        }
        return Optional.of(Duration.ofNanos(millis.multiply(BigDecimal.valueOf(1_000_000)).longValue()));
    }

    /** A duration longer than {@link #LONGEST}; its message says so and what is expected. */
    public static final class TooLong extends IllegalArgumentException {
        TooLong(String text) {
            super("'" + text + "' is longer than " + LONGEST.toDays() + "d, the longest duration Greenlight takes");
        }
    }

    /** {@code 1500ms -> "1.5s"}, {@code 200ms -> "200ms"}, {@code 180s -> "3m"}: short, for reports. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000 || ms % 60_000 != 0) {
            BigDecimal s = BigDecimal.valueOf(ms).movePointLeft(3).stripTrailingZeros();
            return s.toPlainString() + "s";
        }
        return ms % 3_600_000 == 0 ? (ms / 3_600_000) + "h" : (ms / 60_000) + "m";
    }
}
