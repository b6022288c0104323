package dev.greenlight.condition;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Durations;
import dev.greenlight.config.Location;
import dev.greenlight.config.Suggest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code LEFT OP RIGHT}, where a side is a placeholder ({@code [STATUS]}, {@code [BODY].a.b[0]}),
 * {@code len(...)}, {@code any(a, b)}, {@code pat(*x*)} or a literal. Errors point at the condition.
 */
public final class ConditionParser {

    private ConditionParser() {
    }

    public static Condition parse(String source, Location location) throws ConfigException {
        String text = source.trim();
        int[] at = findOperator(text);
        if (at == null) {
            throw new ConfigException(location, "condition '" + source + "' has no operator; expected one of "
                    + "== != < <= > >=, as in '[STATUS] == 200'");
        }
        Operator operator = Operator.values()[at[1]];
        String leftText = text.substring(0, at[0]).trim();
        String rightText = text.substring(at[0] + operator.symbol().length()).trim();
        if (leftText.isEmpty() || rightText.isEmpty()) {
            throw new ConfigException(location, "condition '" + source + "' needs a value on both sides of '"
                    + operator.symbol() + "'");
        }
        Operand left = operand(leftText, source, location);
        Operand right = operand(rightText, source, location);
        checkCombination(left, operator, right, source, location);
        return new Condition(source, location, left, operator, right);
    }

    /** [index of the operator, ordinal of the Operator], outside brackets, parentheses and quotes. */
    private static int[] findOperator(String text) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (depth == 0) {
                for (Operator op : Operator.values()) {
                    if (text.startsWith(op.symbol(), i)) {
                        return new int[] {i, op.ordinal()};
                    }
                }
            }
        }
        return null;
    }

    private static Operand operand(String text, String source, Location location) throws ConfigException {
        if (text.startsWith("[")) {
            return placeholder(text, source, location);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("len(") && text.endsWith(")")) {
            Operand inner = operand(text.substring(4, text.length() - 1).trim(), source, location);
            if (!(inner instanceof Operand.Placeholder)) {
                throw new ConfigException(location, "condition '" + source + "': len() takes a placeholder such as "
                        + "len([BODY].items), got '" + text + "'");
            }
            return new Operand.Len(inner);
        }
        if (lower.startsWith("any(") && text.endsWith(")")) {
            List<Operand.Literal> options = new ArrayList<>();
            for (String part : text.substring(4, text.length() - 1).split(",")) {
                if (part.isBlank()) {
                    throw new ConfigException(location, "condition '" + source + "': any() has an empty value");
                }
                options.add(new Operand.Literal(Value.parseLiteral(part)));
            }
            return new Operand.AnyOf(options);
        }
        if (lower.startsWith("pat(") && text.endsWith(")")) {
            return new Operand.Pattern(text.substring(4, text.length() - 1));
        }
        return new Operand.Literal(Value.parseLiteral(text));
    }

    private static Operand placeholder(String text, String source, Location location) throws ConfigException {
        int close = text.indexOf(']');
        if (close < 0) {
            throw new ConfigException(location, "condition '" + source + "': '" + text + "' has no closing ']'");
        }
        String name = text.substring(1, close).toUpperCase(Locale.ROOT);
        PlaceholderKind kind;
        try {
            kind = PlaceholderKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            List<String> names = Arrays.stream(PlaceholderKind.values()).map(k -> "[" + k + "]").toList();
            throw new ConfigException(location, "condition '" + source + "': unknown placeholder [" + name + "]"
                    + Suggest.didYouMean("[" + name + "]", names) + "; expected one of " + String.join(", ", names));
        }
        String rest = text.substring(close + 1);
        if (!rest.isEmpty() && !kind.takesPath()) {
            throw new ConfigException(location, "condition '" + source + "': [" + kind + "] takes no path, got '" + rest + "'");
        }
        if (kind == PlaceholderKind.HEADER && !rest.matches("\\.[^.\\[\\]]+")) {
            throw new ConfigException(location, "condition '" + source + "': [HEADER] needs a header name, as in "
                    + "[HEADER].content-type");
        }
        return new Operand.Placeholder(kind, JsonPath.parse(rest, source, location));
    }

    private static void checkCombination(Operand left, Operator operator, Operand right, String source, Location location)
            throws ConfigException {
        boolean setLike = left instanceof Operand.AnyOf || left instanceof Operand.Pattern
                || right instanceof Operand.AnyOf || right instanceof Operand.Pattern;
        if (setLike && operator.isOrdering()) {
            throw new ConfigException(location, "condition '" + source + "': any() and pat() work with == and != only, not "
                    + operator.symbol());
        }
        if (left instanceof Operand.Placeholder p && p.kind().isDuration()
                && right instanceof Operand.Literal l && !(l.value() instanceof Value.Num)) {
            throw new ConfigException(location, "condition '" + source + "': [" + p.kind() + "] compares with a duration "
                    + "such as 500ms, 10s or 720h (at most " + Durations.LONGEST.toDays() + "d), got '" + l.value().show() + "'");
        }
        if (operator.isOrdering() && right instanceof Operand.Literal l
                && (l.value() instanceof Value.Text || l.value() instanceof Value.Bool)) {
            throw new ConfigException(location, "condition '" + source + "': '" + operator.symbol()
                    + "' compares numbers or durations, got '" + l.value().show() + "'");
        }
    }
}
