package dev.greenlight.condition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.probe.Observation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates conditions against one observation. A value that cannot be read (no body, not JSON,
 * no such field) makes the condition fail with the reason: it never passes by default.
 */
public final class Evaluator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_CHARS = 200;

    private final Observation observation;
    private final Samples samples;
    private JsonNode json;
    private String jsonError;

    public Evaluator(Observation observation) {
        this(observation, null);
    }

    /** @param samples the samples of a check with {@code samples: N} (null otherwise) */
    public Evaluator(Observation observation, Samples samples) {
        this.observation = observation;
        this.samples = samples;
    }

    public ConditionResult evaluate(Condition condition) {
        Value left = resolve(condition.left());
        Operand right = condition.right();
        boolean success = compare(left, condition.operator(), right);
        return new ConditionResult(condition.source(), success, shorten(left.show()));
    }

    private boolean compare(Value left, Operator operator, Operand right) {
        if (left instanceof Value.Missing) {
            return false;
        }
        if (right instanceof Operand.AnyOf any) {
            boolean found = any.options().stream().anyMatch(o -> compareValues(left, o.value()) == 0);
            return operator == Operator.EQ ? found : !found;
        }
        if (right instanceof Operand.Pattern pattern) {
            boolean matches = pattern.matches(left.show());
            return operator == Operator.EQ ? matches : !matches;
        }
        Value r = resolve(right);
        if (r instanceof Value.Missing) {
            return false;
        }
        Integer comparison = operator.isOrdering() ? orderedCompare(left, r) : Integer.valueOf(compareValues(left, r));
        return comparison != null && operator.test(comparison);
    }

    /** Equality: numbers by value (a plain number against a duration is milliseconds), the rest by text. */
    private static int compareValues(Value a, Value b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        return a.show().equals(b.show()) ? 0 : 1;
    }

    private static Integer orderedCompare(Value a, Value b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        return x == null || y == null ? null : x.compareTo(y);
    }

    private static BigDecimal number(Value v) {
        if (v instanceof Value.Num n) {
            return n.number();
        }
        if (v instanceof Value.Text t) {
            try {
                return new BigDecimal(t.text().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private Value resolve(Operand operand) {
        if (operand instanceof Operand.Literal literal) {
            return literal.value();
        }
        if (operand instanceof Operand.Len len) {
            Value inner = resolve(len.of());
            if (inner instanceof Value.Collection c) {
                return new Value.Num(BigDecimal.valueOf(c.size()), false);
            }
            if (inner instanceof Value.Missing) {
                return inner;
            }
            return new Value.Num(BigDecimal.valueOf(inner.show().length()), false);
        }
        if (operand instanceof Operand.Placeholder p) {
            return placeholder(p);
        }
        return new Value.Missing("not a value");
    }

    private Value placeholder(Operand.Placeholder p) {
        if (p.kind().overSamples()) {
            return sampled(p.kind());
        }
        Observation o = observation;
        return switch (p.kind()) {
            case STATUS -> o.status() == null ? new Value.Missing("no HTTP answer: " + o.signature())
                    : new Value.Num(BigDecimal.valueOf(o.status()), false);
            case RESPONSE_TIME -> Value.Num.millis(o.elapsed());
            case CONNECTED -> new Value.Bool(Boolean.TRUE.equals(o.connected()));
            case CERTIFICATE_EXPIRATION -> o.certificateExpiry() == null ? new Value.Missing("no TLS certificate seen")
                    : Value.Num.millis(o.certificateExpiry());
            case HEADER -> {
                String name = p.path().get(0).toLowerCase(Locale.ROOT);
                String value = o.headers().get(name);
                yield value == null ? new Value.Missing("no header " + name) : new Value.Text(value);
            }
            case BODY -> body(p.path());
            case EVENTS -> new Value.Collection(o.events().size(), String.join(",", o.events()));
            case LATENCY -> o.latency() == null ? new Value.Missing("no latency measured: " + o.signature())
                    : Value.Num.millis(o.latency());
            default -> new Value.Missing("not a value of one observation");
        };
    }

    private Value sampled(PlaceholderKind kind) {
        if (samples == null || samples.taken() == 0) {
            return new Value.Missing("no samples: the check needs 'samples: N'");
        }
        return switch (kind) {
            case SUCCESS_RATE -> new Value.Num(BigDecimal.valueOf(samples.successRatePercent()), false);
            case P50 -> Value.Num.millis(samples.percentile(50));
            case P95 -> Value.Num.millis(samples.percentile(95));
            case P99 -> Value.Num.millis(samples.percentile(99));
            default -> Value.Num.millis(samples.max());
        };
    }

    private Value body(List<String> path) {
        if (observation.body() == null) {
            return new Value.Missing("no body: " + observation.signature());
        }
        if (path.isEmpty()) {
            return new Value.Text(observation.body());
        }
        JsonNode node = parsedBody();
        if (node == null) {
            return new Value.Missing("body is not JSON: " + jsonError);
        }
        StringBuilder walked = new StringBuilder();
        for (String step : path) {
            boolean index = step.startsWith("[");
            walked.append(index ? step : "." + step);
            node = index ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
            if (node == null) {
                return new Value.Missing("body has no " + walked);
            }
        }
        if (node.isNumber()) {
            return new Value.Num(node.decimalValue(), false);
        }
        if (node.isBoolean()) {
            return new Value.Bool(node.booleanValue());
        }
        if (node.isContainerNode()) {
            return new Value.Collection(node.size(), node.toString());
        }
        return new Value.Text(node.isNull() ? "null" : node.asText());
    }

    private JsonNode parsedBody() {
        if (json == null && jsonError == null) {
            try {
                json = JSON.readTree(observation.body());
                if (json == null) {
                    jsonError = "empty";
                }
            } catch (JsonProcessingException e) {
                jsonError = e.getOriginalMessage();
            }
        }
        return json;
    }

    private static String shorten(String text) {
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
    }
}
