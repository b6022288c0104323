package dev.greenlight.condition;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Location;
import java.util.ArrayList;
import java.util.List;

/** The path after a placeholder: {@code .a.b[0].c} becomes {@code a, b, [0], c} (indexes keep their brackets). */
final class JsonPath {

    private JsonPath() {
    }

    static List<String> parse(String rest, String source, Location location) throws ConfigException {
        List<String> path = new ArrayList<>();
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new ConfigException(location, "condition '" + source + "': empty name in path '" + rest + "'");
                }
                path.add(rest.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = rest.indexOf(']', i);
                String index = end < 0 ? "" : rest.substring(i + 1, end);
                if (!index.matches("\\d+")) {
                    throw new ConfigException(location, "condition '" + source + "': '[" + index + "' in path '" + rest
                            + "' must be a list index such as [0]");
                }
                path.add("[" + index + "]");
                i = end + 1;
            } else {
                throw new ConfigException(location, "condition '" + source + "': path '" + rest
                        + "' must start with '.' or '[', as in [BODY].status or [BODY][0]");
            }
        }
        return path;
    }
}
