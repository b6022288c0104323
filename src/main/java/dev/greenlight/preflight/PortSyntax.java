package dev.greenlight.preflight;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the port part of a bind or option: {@code 8080}, {@code $PORT}, {@code ${PORT}}, {@code ${PORT:-8001}},
 * {@code {os.environ.get('PORT', '8081')}} and the like.
 */
final class PortSyntax {

    /** A port: its number (or default) and whether it comes from $PORT. */
    record Port(int number, boolean viaVariable) {
    }

    private static final Pattern SHELL_DEFAULT = Pattern.compile("\\$\\{PORT:?-(\\d+)}");
    private static final Pattern SHELL_VAR = Pattern.compile("\\$\\{?PORT}?");
    private static final Pattern PY_DEFAULT = Pattern.compile(
            "(?:environ\\.get|getenv)\\(\\s*['\"]PORT['\"]\\s*,\\s*['\"]?(\\d+)['\"]?\\s*\\)");
    private static final Pattern PY_VAR = Pattern.compile("environ\\[\\s*['\"]PORT['\"]\\s*]|(?:environ\\.get|getenv)\\(\\s*['\"]PORT['\"]\\s*\\)");
    private static final Pattern LITERAL = Pattern.compile("^\\d{1,5}$");

    private PortSyntax() {
    }

    static Optional<Port> parse(String text) {
        String t = text.trim().replaceAll("^['\"]|['\"]$", "");
        Matcher m = SHELL_DEFAULT.matcher(t);
        if (m.find()) {
            return Optional.of(new Port(Integer.parseInt(m.group(1)), true));
        }
        m = PY_DEFAULT.matcher(t);
        if (m.find()) {
            return Optional.of(new Port(Integer.parseInt(m.group(1)), true));
        }
        if (SHELL_VAR.matcher(t).find() || PY_VAR.matcher(t).find()) {
            return Optional.of(new Port(-1, true));
        }
        if (LITERAL.matcher(t).matches()) {
            int n = Integer.parseInt(t);
            return n > 0 && n < 65536 ? Optional.of(new Port(n, false)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Splits "host:port" (the port part may itself hold a ':-' default); null host when there is none. */
    static String[] hostAndPort(String bind) {
        String b = bind.trim().replaceAll("^['\"]|['\"]$", "");
        if (b.startsWith("unix:")) {
            return null;
        }
        int brace = b.indexOf("${");
        int colon = brace >= 0 ? b.lastIndexOf(':', brace) : b.lastIndexOf(':');
        if (b.startsWith("[") && b.contains("]:")) {
            colon = b.indexOf("]:") + 1;
        }
        if (colon < 0) {
            return LITERAL.matcher(b).matches() || b.contains("PORT") ? new String[] {null, b} : new String[] {b, null};
        }
        return new String[] {b.substring(0, colon), b.substring(colon + 1)};
    }
}
