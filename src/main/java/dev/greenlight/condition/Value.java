package dev.greenlight.condition;

import dev.greenlight.config.Durations;
import java.math.BigDecimal;
import java.time.Duration;

/** A value seen or written: a number (maybe a duration in ms), text, a boolean, a JSON list/map, or missing. */
public sealed interface Value permits Value.Num, Value.Text, Value.Bool, Value.Collection, Value.Missing {

    /** How the value is shown as "actual" in reports. */
    String show();

    record Num(BigDecimal number, boolean duration) implements Value {
        static Num millis(Duration d) {
            return new Num(BigDecimal.valueOf(d.toMillis()), true);
        }

        @Override
        public String show() {
            return duration ? Durations.format(Duration.ofMillis(number.longValue())) : number.stripTrailingZeros().toPlainString();
        }
    }

    record Text(String text) implements Value {
        @Override
        public String show() {
            return text;
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public String show() {
            return String.valueOf(value);
        }
    }

    /** A JSON array or object; {@code size} is its number of items. */
    record Collection(int size, String json) implements Value {
        @Override
        public String show() {
            return json;
        }
    }

    /** Could not be read from the observation; the condition fails with the reason. */
    record Missing(String reason) implements Value {
        @Override
        public String show() {
            return "(" + reason + ")";
        }
    }

    /** What a literal written in a condition means: a duration, a number, a boolean, or text (quotes removed). */
    static Value parseLiteral(String raw) {
        String text = raw.trim();
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("'") && text.endsWith("'"))) {
            return new Text(text.substring(1, text.length() - 1));
        }
        if (text.equals("true") || text.equals("false")) {
            return new Bool(Boolean.parseBoolean(text));
        }
        if (text.endsWith("%") && text.length() > 1) {
            try {
                return new Num(new BigDecimal(text.substring(0, text.length() - 1).trim()), false); // a rate, in percent
            } catch (NumberFormatException e) {
                return new Text(text);
            }
        }
        try {
            var duration = Durations.parse(text);
            if (duration.isPresent()) {
                return Num.millis(duration.get());
            }
        } catch (Durations.TooLong e) {
            return new Text(text); // compared as a duration, it is refused where the condition is read
        }
        try {
            return new Num(new BigDecimal(text), false);
        } catch (NumberFormatException e) {
            return new Text(text);
        }
    }
}
