package dev.greenlight.preflight;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** YAML documents with lines: every document of a file as SnakeYAML nodes, and small accessors over them. */
final class Yaml {

    private Yaml() {
    }

    /** Every document; an unreadable file gives none (preflight reads what it can, it does not judge YAML syntax). */
    static List<Node> documents(Path file) throws IOException {
        List<Node> out = new ArrayList<>();
        try (Reader in = new StringReader(TextFile.text(file))) {
            for (Node node : new org.yaml.snakeyaml.Yaml(new LoaderOptions()).composeAll(in)) {
                if (node != null) {
                    out.add(node);
                }
            }
        } catch (RuntimeException e) {
            return out;
        }
        return out;
    }

    static Optional<Node> get(Node node, String key) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(t.getValueNode());
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Node> path(Node node, String... keys) {
        Optional<Node> at = Optional.of(node);
        for (String key : keys) {
            at = at.flatMap(n -> get(n, key));
        }
        return at;
    }

    static Optional<String> text(Node node, String... keys) {
        return path(node, keys).filter(n -> n instanceof ScalarNode).map(n -> ((ScalarNode) n).getValue());
    }

    static List<Node> items(Optional<Node> node) {
        return node.filter(n -> n instanceof SequenceNode).map(n -> ((SequenceNode) n).getValue()).orElse(List.of());
    }

    static List<NodeTuple> entries(Optional<Node> node) {
        return node.filter(n -> n instanceof MappingNode).map(n -> ((MappingNode) n).getValue()).orElse(List.of());
    }

    static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
