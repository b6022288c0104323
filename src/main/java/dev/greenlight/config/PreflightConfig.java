package dev.greenlight.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code preflight:} section: rules to ignore (everywhere, or under a path glob) and extra patterns that name
 * emergency or bypass flags.
 *
 * <pre>
 * preflight:
 *   ignore:
 *     - GL-P004                                   # everywhere
 *     - { rule: GL-P006, path: "dev/**", why: "local stack only" }
 *   flags: ["^FORCE_.*", ".*_UNSAFE$"]
 * </pre>
 */
public record PreflightConfig(List<Ignore> ignores, List<Pattern> flags) {

    public static final PreflightConfig NONE = new PreflightConfig(List.of(), List.of());

    /** @param path a glob over the file a finding points at (null: everywhere) */
    public record Ignore(String rule, String path, String why) {
    }

    public PreflightConfig {
        ignores = List.copyOf(ignores);
        flags = List.copyOf(flags);
    }

    static PreflightConfig read(Node node) throws ConfigException {
        Fields f = Fields.of(node, "'preflight'", "ignore", "flags");
        List<Ignore> ignores = new ArrayList<>();
        if (f.has("ignore")) {
            for (Node item : Values.list(f.required("ignore"), "'ignore' of 'preflight'").items()) {
                if (item instanceof Node.ScalarNode) {
                    ignores.add(new Ignore(rule(item), null, null));
                } else {
                    Fields i = Fields.of(item, "an item of 'ignore' of 'preflight'", "rule", "path", "why");
                    ignores.add(new Ignore(rule(i.required("rule")), i.string("path").orElse(null), i.string("why").orElse(null)));
                }
            }
        }
        List<Pattern> flags = new ArrayList<>();
        if (f.has("flags")) {
            for (Node item : Values.list(f.required("flags"), "'flags' of 'preflight'").items()) {
                String text = Values.string(item, "an item of 'flags' of 'preflight'");
                try {
                    flags.add(Pattern.compile(text, Pattern.CASE_INSENSITIVE));
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(item.location(), "'flags' of 'preflight': '" + text
                            + "' is not a regular expression (" + e.getDescription() + "); expected e.g. ^FORCE_.*");
                }
            }
        }
        return new PreflightConfig(ignores, flags);
    }

    private static String rule(Node node) throws ConfigException {
        String id = Values.string(node, "a rule of 'ignore' of 'preflight'");
        if (!id.matches("GL-P0(0[1-9]|1[01])")) {
            throw new ConfigException(node.location(), "'ignore' of 'preflight': unknown rule '" + id
                    + "'; expected a preflight rule id, GL-P001 to GL-P011");
        }
        return id;
    }
}
