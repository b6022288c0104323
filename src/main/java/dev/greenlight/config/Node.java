package dev.greenlight.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML/JSON value that remembers where it was written, so every error can point at it. */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

    Location location();

    /** What the user wrote, for messages: {@code a map}, {@code a list}, or the scalar itself. */
    String describe();

    /**
     * A key of a map, with its own location (unknown-key errors point at the key); {@code merged} when
     * it came in through a YAML merge key ({@code <<: *base}).
     */
    record Key(String name, Location location, boolean merged) {
    }

    record MapNode(Location location, Map<String, Key> keys, Map<String, Node> values) implements Node {
        public MapNode {
            keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record ListNode(Location location, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar. {@code text} is null for YAML's null; {@code quoted} is true for strings (so
     * {@code "8080"} stays a string while {@code 8080} is a number); {@code secret} marks a value
     * that came from the environment under a secret-looking key.
     */
    record ScalarNode(Location location, String text, Kind kind, boolean secret) implements Node {
        public enum Kind { STRING, NUMBER, BOOLEAN, NULL }

        public ScalarNode withText(String newText, boolean isSecret) {
            return new ScalarNode(location, newText, kind, isSecret);
        }

        @Override
        public String describe() {
            if (kind == Kind.NULL) {
                return "null";
            }
            return secret ? "'" + Secrets.MASK + "'" : "'" + text + "'";
        }
    }
}
