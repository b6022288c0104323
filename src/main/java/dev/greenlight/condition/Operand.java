package dev.greenlight.condition;

import java.util.List;

/** One side of a condition. */
public sealed interface Operand permits Operand.Placeholder, Operand.Literal, Operand.Len, Operand.AnyOf, Operand.Pattern {

    /** {@code [STATUS]}, {@code [BODY].a.b[0]}, {@code [HEADER].content-type}: {@code path} is what follows. */
    record Placeholder(PlaceholderKind kind, List<String> path) implements Operand {
        public Placeholder {
            path = List.copyOf(path);
        }
    }

    /** A written value: {@code 200}, {@code 10s}, {@code healthy}, {@code "a b"}. */
    record Literal(Value value) implements Operand {
    }

    /** {@code len(x)}: characters of a string, items of a list or map. */
    record Len(Operand of) implements Operand {
    }

    /** {@code any(a, b, c)}: equal to one of them (only with {@code ==} and {@code !=}). */
    record AnyOf(List<Literal> options) implements Operand {
        public AnyOf {
            options = List.copyOf(options);
        }
    }

    /** {@code pat(*healthy*)}: a glob, {@code *} for any run of characters (only with {@code ==} and {@code !=}). */
    record Pattern(String glob) implements Operand {
        boolean matches(String text) {
            StringBuilder regex = new StringBuilder();
            for (String part : glob.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(java.util.regex.Pattern.quote(part));
            }
            return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(text).matches();
        }
    }
}
