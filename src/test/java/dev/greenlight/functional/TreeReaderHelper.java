package dev.greenlight.functional;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Node;
import dev.greenlight.config.TreeReader;

/** Probe options written as YAML, as a user would write them under a check. */
final class TreeReaderHelper {

    private TreeReaderHelper() {
    }

    static Node yaml(String text) throws ConfigException {
        return TreeReader.read("test.yaml", text);
    }
}
