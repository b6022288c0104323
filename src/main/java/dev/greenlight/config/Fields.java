package dev.greenlight.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the fields of one YAML map with located errors: a wrong type, a missing required field
 * and an unknown key each name the field, the rule and the value. Probes use it for their options.
 */
public final class Fields {

    private final Node.MapNode map;
    private final String what;
    private final Set<String> allowed;

    private Fields(Node.MapNode map, String what, Set<String> allowed) {
        this.map = map;
        this.what = what;
        this.allowed = allowed;
    }

    /** {@code what} names the map in messages, e.g. {@code service 'backend'}. */
    public static Fields of(Node node, String what, String... allowedKeys) throws ConfigException {
        if (!(node instanceof Node.MapNode map)) {
            throw new ConfigException(node.location(), what + " must be a map, got " + node.describe());
        }
        Fields fields = new Fields(map, what, new LinkedHashSet<>(Arrays.asList(allowedKeys)));
        fields.rejectUnknownKeys();
        return fields;
    }

    public Location location() {
        return map.location();
    }

    public boolean has(String key) {
        return map.values().containsKey(key) && !isNull(map.values().get(key));
    }

    public Optional<Node> node(String key) {
        return has(key) ? Optional.of(map.values().get(key)) : Optional.empty();
    }

    public Node required(String key) throws ConfigException {
        if (!has(key)) {
            throw new ConfigException(map.location(), what + " is missing required field '" + key + "'");
        }
        return map.values().get(key);
    }

    public Location keyLocation(String key) {
        Node.Key k = map.keys().get(key);
        return k == null ? map.location() : k.location();
    }

    public Optional<String> string(String key) throws ConfigException {
        Optional<Node> node = node(key);
        return node.isEmpty() ? Optional.empty() : Optional.of(Values.string(node.get(), field(key)));
    }

    public String requiredString(String key) throws ConfigException {
        return Values.string(required(key), field(key));
    }

    /**
     * A file the configuration names: a relative path is read from the configuration file's directory, so a config
     * under {@code deploy/} says {@code certs/ca.pem} for {@code deploy/certs/ca.pem} wherever Greenlight is run from
     * (as Prometheus reads its {@code ca_file}).
     */
    public Path path(String key) throws ConfigException {
        Node node = required(key);
        String value = Values.string(node, field(key));
        try {
            Path path = Path.of(value);
            Path dir = path.isAbsolute() ? null : configDirectory(node.location());
            return dir == null ? path : dir.resolve(path);
        } catch (InvalidPathException e) {
            throw new ConfigException(node.location(), field(key) + " '" + value + "' is not a valid path");
        }
    }

    /** The directory of the configuration file a value was read from; null when it has none (a bare file name). */
    private static Path configDirectory(Location at) {
        try {
            return Path.of(at.file()).getParent();
        } catch (InvalidPathException e) {
            return null; // read from no file (a test's text, an embedded config)
        }
    }

    public Optional<Duration> duration(String key) throws ConfigException {
        Optional<Node> node = node(key);
        return node.isEmpty() ? Optional.empty() : Optional.of(Values.positiveDuration(node.get(), field(key)));
    }

    public Optional<Integer> integer(String key, int min, int max) throws ConfigException {
        Optional<Node> node = node(key);
        return node.isEmpty() ? Optional.empty() : Optional.of(Values.integer(node.get(), field(key), min, max));
    }

    public Optional<Boolean> bool(String key) throws ConfigException {
        Optional<Node> node = node(key);
        return node.isEmpty() ? Optional.empty() : Optional.of(Values.bool(node.get(), field(key)));
    }

    public List<String> strings(String key) throws ConfigException {
        Optional<Node> node = node(key);
        if (node.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : Values.list(node.get(), field(key)).items()) {
            out.add(Values.string(item, field(key) + " item"));
        }
        return out;
    }

    /** The keys of this map that are not in {@code known}, in file order. */
    public List<String> keysOtherThan(Set<String> known) {
        return map.keys().keySet().stream().filter(k -> !known.contains(k)).toList();
    }

    public Map<String, Node> values() {
        return map.values();
    }

    private String field(String key) {
        return "'" + key + "' of " + what;
    }

    private void rejectUnknownKeys() throws ConfigException {
        if (allowed.isEmpty()) {
            return;
        }
        for (Node.Key key : map.keys().values()) {
            if (!allowed.contains(key.name())) {
                throw new ConfigException(key.location(), "unknown key '" + key.name() + "' in " + what
                        + Suggest.didYouMean(key.name(), allowed) + "; expected one of: " + String.join(", ", allowed));
            }
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof Node.ScalarNode s && s.kind() == Node.ScalarNode.Kind.NULL;
    }
}
