package dev.greenlight.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in string values with the environment's
 * values ({@code $${} writes a literal {@code ${}). A value under a secret-looking key, and the value
 * of a secret-looking variable ({@code ${API_TOKEN}}) wherever it is used, is a secret: it is recorded
 * so every output can mask it.
 */
final class Interpolator {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, String> environment;
    /** Set in a CI job whose checks probe: the variable that says it is CI. A default naming this machine is refused. */
    private final String ci;
    private final Set<String> secrets = new LinkedHashSet<>();
    /** Whether each key names a secret: a plan repeats a few keys thousands of times ("http", "expect"). */
    private final Map<String, Boolean> secretKeys = new java.util.HashMap<>();

    Interpolator(Function<String, String> environment) {
        this(environment, false);
    }

    /** @param probing whether the config is read to probe its targets (verify, watch), not only to be checked */
    Interpolator(Function<String, String> environment, boolean probing) {
        this.environment = environment;
        this.ci = probing ? ThisMachine.ciSaidBy(environment) : null;
    }

    Set<String> secrets() {
        return secrets;
    }

    Node interpolate(Node node, String key) throws ConfigException {
        if (node instanceof Node.MapNode map) {
            Map<String, Node> values = new LinkedHashMap<>();
            for (Map.Entry<String, Node> entry : map.values().entrySet()) {
                values.put(entry.getKey(), interpolate(entry.getValue(), entry.getKey()));
            }
            return new Node.MapNode(map.location(), map.keys(), values);
        }
        if (node instanceof Node.ListNode list) {
            List<Node> items = new java.util.ArrayList<>();
            for (Node item : list.items()) {
                items.add(interpolate(item, key));
            }
            return new Node.ListNode(list.location(), items);
        }
        Node.ScalarNode scalar = (Node.ScalarNode) node;
        if (scalar.kind() != Node.ScalarNode.Kind.STRING) {
            return scalar;
        }
        boolean secret = key != null && secretKeys.computeIfAbsent(key, Secrets::isSecretKey);
        if (!secret && !scalar.secret() && scalar.text().indexOf('$') < 0) {
            return scalar; // nothing to substitute, nothing to mask
        }
        String text = substitute(scalar, key, secret);
        if (secret && !text.isEmpty()) {
            secrets.add(text);
        }
        return scalar.withText(text, secret);
    }

    private String substitute(Node.ScalarNode scalar, String key, boolean secret) throws ConfigException {
        Matcher matcher = REFERENCE.matcher(scalar.text());
        StringBuilder out = new StringBuilder();
        String defaulted = null; // a variable unset or empty, whose default was used
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$${")) {
                replacement = "${";
            } else {
                String name = matcher.group(1);
                String value = environment.apply(name);
                if (value == null || value.isEmpty()) {
                    defaulted = defaulted == null && matcher.group(2) != null ? name : defaulted;
                    value = matcher.group(2);
                }
                if (value == null) {
                    throw new ConfigException(scalar.location(), "environment variable " + name
                            + " is not set (used by '" + key + "'); set it or write ${" + name + ":-default}");
                }
                if (secret || Secrets.isSecretKey(name)) {
                    secrets.add(value); // ${API_TOKEN} is a secret wherever it is used, even inside a URL
                }
                replacement = value;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        if (ci != null && defaulted != null && ThisMachine.named(out.toString())
                && !ThisMachine.named(withDefaultsOfNoMachine(scalar.text()))) {
            throw new ConfigException(scalar.location(), "'" + key + "' is " + out + ", the default of " + scalar.text()
                    + ", because " + defaulted + " is " + (environment.apply(defaulted) == null ? "not set" : "empty")
                    + ": in CI (" + ci + ") that checks this machine, not the deployment; set " + defaulted + " to the "
                    + "deployment's address, or write the address without ${...} if this machine is what the job checks");
        }
        return out.toString();
    }

    /**
     * {@code text} substituted with each default that would be used replaced by an address of no machine: whether this
     * machine comes from a default ({@code ${API_URL:-http://127.0.0.1:8080}}) or is written on purpose
     * ({@code http://127.0.0.1:${PORT:-8080}}).
     */
    private String withDefaultsOfNoMachine(String text) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = matcher.group().equals("$${") ? "${" : environment.apply(matcher.group(1));
            if (value == null || value.isEmpty()) {
                value = "defaulted.invalid";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }
}
