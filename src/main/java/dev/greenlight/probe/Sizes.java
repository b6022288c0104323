package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Node;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as users write them: {@code 4096}, {@code 64KiB}, {@code 1MiB}, {@code 2MB}. */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB)?");

    private Sizes() {
    }

    static long parse(Node node, String field) throws ConfigException {
        String text = node instanceof Node.ScalarNode s && s.text() != null ? s.text().trim() : "";
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new ConfigException(node.location(), field + " must be a size such as 65536, 64KiB or 1MiB, got "
                    + node.describe());
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long bytes = switch (unit) {
            case "KB" -> n * 1000;
            case "KiB" -> n * 1024;
            case "MB" -> n * 1000 * 1000;
            case "MiB" -> n * 1024 * 1024;
            default -> n;
        };
        if (bytes <= 0) {
            throw new ConfigException(node.location(), field + " must be > 0, got " + text);
        }
        return bytes;
    }
}
