package dev.greenlight.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML (or JSON, which is YAML) into {@link Node}s that carry their file:line:column. SnakeYAML
 * composes the document, so anchors, aliases and merge keys ({@code <<: *base}) work as users expect.
 */
public final class TreeReader {

    private static final int MAX_ALIASES = 200;

    private final String file;

    private TreeReader(String file) {
        this.file = file;
    }

    public static Node read(String file, String text) throws ConfigException {
        return new TreeReader(file).readDocument(text);
    }

    private Node readDocument(String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        org.yaml.snakeyaml.nodes.Node root;
        try {
            // the composer alone: a Yaml object also builds a Constructor, whose TypeDescription starts the JDK's
            // logging (20 ms of a cold start) and which a tree of nodes does not need
            root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            // an unclosed [ or { is found at the end of the file: point where it was opened instead
            boolean atEnd = String.valueOf(e.getProblem()).contains("<stream end>") && e.getContextMark() != null;
            Mark mark = e.getProblemMark() != null && !atEnd ? e.getProblemMark() : e.getContextMark();
            throw new ConfigException(at(mark), "not valid YAML: " + describe(e));
        } catch (YAMLException e) {
            throw new ConfigException(Location.of(file), "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(new Location(file, 1, 1), "the file is empty; expected a map with 'services'");
        }
        return convert(root);
    }

    private Node convert(org.yaml.snakeyaml.nodes.Node node) throws ConfigException {
        Location here = at(node.getStartMark());
        if (node instanceof MappingNode map) {
            return convertMap(map, here);
        }
        if (node instanceof SequenceNode list) {
            List<Node> items = new ArrayList<>();
            for (org.yaml.snakeyaml.nodes.Node item : list.getValue()) {
                items.add(convert(item));
            }
            return new Node.ListNode(here, items);
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        Node.ScalarNode.Kind kind;
        if (Tag.NULL.equals(tag)) {
            kind = Node.ScalarNode.Kind.NULL;
        } else if (Tag.BOOL.equals(tag)) {
            kind = Node.ScalarNode.Kind.BOOLEAN;
        } else if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            kind = Node.ScalarNode.Kind.NUMBER;
        } else {
            kind = Node.ScalarNode.Kind.STRING;
        }
        String text = kind == Node.ScalarNode.Kind.NULL ? null
                : kind == Node.ScalarNode.Kind.BOOLEAN ? String.valueOf(isTrue(scalar.getValue())) : scalar.getValue();
        return new Node.ScalarNode(here, text, kind, false);
    }

    private Node convertMap(MappingNode map, Location here) throws ConfigException {
        Map<String, Node.Key> keys = new LinkedHashMap<>();
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            if (Tag.MERGE.equals(tuple.getKeyNode().getTag())) {
                mergeInto(keys, values, tuple.getValueNode());
                continue;
            }
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(at(tuple.getKeyNode().getStartMark()), "a key must be a plain name, not a "
                        + (tuple.getKeyNode() instanceof MappingNode ? "map" : "list"));
            }
            String name = keyNode.getValue();
            Location keyAt = at(keyNode.getStartMark());
            Node.Key earlier = keys.get(name);
            if (earlier != null && !earlier.merged()) {
                throw new ConfigException(keyAt, "duplicate key '" + name + "' (first at line " + earlier.location().line() + ")");
            }
            keys.put(name, new Node.Key(name, keyAt, false));
            values.put(name, convert(tuple.getValueNode()));
        }
        return new Node.MapNode(here, keys, values);
    }

    /** {@code <<: *base} or {@code <<: [*a, *b]}: keys written in the map itself win over merged ones. */
    private void mergeInto(Map<String, Node.Key> keys, Map<String, Node> values, org.yaml.snakeyaml.nodes.Node source)
            throws ConfigException {
        List<org.yaml.snakeyaml.nodes.Node> sources = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
        for (org.yaml.snakeyaml.nodes.Node each : sources) {
            if (!(convert(each) instanceof Node.MapNode merged)) {
                throw new ConfigException(at(each.getStartMark()), "'<<' merges a map (an alias such as *base)");
            }
            for (Map.Entry<String, Node> entry : merged.values().entrySet()) {
                if (!keys.containsKey(entry.getKey())) {
                    Node.Key key = merged.keys().get(entry.getKey());
                    keys.put(entry.getKey(), new Node.Key(key.name(), key.location(), true));
                    values.put(entry.getKey(), entry.getValue());
                }
            }
        }
    }

    private Location at(Mark mark) {
        return mark == null ? Location.of(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static boolean isTrue(String yamlBool) {
        return switch (yamlBool.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y" -> true;
            default -> false;
        };
    }

    private static String describe(MarkedYAMLException e) {
        String context = e.getContext();
        String problem = e.getProblem();
        if (context == null) {
            return problem;
        }
        return problem == null ? context : context + "; " + problem;
    }
}
