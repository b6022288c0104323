package dev.greenlight.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML (or JSON, which is YAML) into {@link Node}s that carry their file:line:column. */
public final class TreeReader {

    private static final JsonFactory YAML = new YAMLFactory();

    private final String file;

    private TreeReader(String file) {
        this.file = file;
    }

    public static Node read(String file, String text) throws ConfigException {
        return new TreeReader(file).readDocument(new StringReader(text));
    }

    private Node readDocument(Reader reader) throws ConfigException {
        try (JsonParser parser = YAML.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ConfigException(new Location(file, 1, 1), "the file is empty; expected a map with 'services'");
            }
            return readValue(parser);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Location where = at == null ? Location.of(file) : new Location(file, at.getLineNr(), at.getColumnNr());
            throw new ConfigException(where, "not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(Location.of(file), "cannot read: " + e.getMessage());
        }
    }

    private Node readValue(JsonParser parser) throws IOException, ConfigException {
        Location here = locationOf(parser);
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readMap(parser, here);
            case START_ARRAY -> readList(parser, here);
            case VALUE_STRING -> new Node.ScalarNode(here, parser.getText(), Node.ScalarNode.Kind.STRING, false);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    new Node.ScalarNode(here, parser.getText(), Node.ScalarNode.Kind.NUMBER, false);
            case VALUE_TRUE, VALUE_FALSE -> new Node.ScalarNode(here, parser.getText(), Node.ScalarNode.Kind.BOOLEAN, false);
            case VALUE_NULL -> new Node.ScalarNode(here, null, Node.ScalarNode.Kind.NULL, false);
            default -> throw new ConfigException(here, "unexpected " + token + " in YAML");
        };
    }

    private Node readMap(JsonParser parser, Location here) throws IOException, ConfigException {
        Map<String, Node.Key> keys = new LinkedHashMap<>();
        Map<String, Node> values = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            Location keyAt = locationOf(parser);
            if (keys.containsKey(name)) {
                throw new ConfigException(keyAt, "duplicate key '" + name + "' (first at line "
                        + keys.get(name).location().line() + ")");
            }
            parser.nextToken();
            keys.put(name, new Node.Key(name, keyAt));
            values.put(name, readValue(parser));
        }
        return new Node.MapNode(here, keys, values);
    }

    private Node readList(JsonParser parser, Location here) throws IOException, ConfigException {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readValue(parser));
        }
        return new Node.ListNode(here, items);
    }

    private Location locationOf(JsonParser parser) {
        JsonLocation at = parser.currentTokenLocation();
        return new Location(file, at.getLineNr(), at.getColumnNr());
    }

    /** SnakeYAML's message without its position lines ("in reader, line 3, column 10:" and the excerpt). */
    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("in ") || t.startsWith("^") || line.startsWith("    ")) {
                continue;
            }
            out.append(out.isEmpty() ? "" : "; ").append(t);
        }
        return out.isEmpty() ? "syntax error" : out.toString();
    }
}
