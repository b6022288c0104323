package dev.greenlight.audit.rules;

/** Small text helpers shared by the rules. */
final class JUnitText {

    private JUnitText() {
    }

    /** The first lines of a long output: where a failure says what it is. */
    static String head(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    /** The line of {@code text} that contains {@code needle}, trimmed, for a message. */
    static String lineWith(String text, java.util.regex.Matcher found) {
        int start = text.lastIndexOf('\n', found.start()) + 1;
        int end = text.indexOf('\n', found.end());
        String line = text.substring(start, end < 0 ? text.length() : end).strip();
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }

    static String percent(double share) {
        double p = Math.round(share * 1000) / 10.0;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
    }
}
