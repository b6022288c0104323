package dev.greenlight.condition;

import dev.greenlight.config.Location;
import dev.greenlight.probe.FailureSignature;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** A parsed condition such as {@code [STATUS] == 200}, with where it was written. */
public record Condition(String source, Location location, Operand left, Operator operator, Operand right) {

    /** The signature of a check that fails on this condition: a status, a slow answer, a wrong body... */
    public FailureSignature signatureWhenFailed() {
        Operand subject = left instanceof Operand.Len len ? len.of() : left;
        return subject instanceof Operand.Placeholder p ? p.kind().signatureWhenFailed() : FailureSignature.CONDITION_FAILED;
    }

    /**
     * For {@code [RESPONSE_TIME] < 2s} (or {@code <=}): the bound. Past it the condition cannot hold, so a
     * probe still waiting can be cut there and the check decided early.
     */
    public Optional<Duration> responseTimeBound() {
        boolean upper = operator == Operator.LT || operator == Operator.LE;
        if (upper && left instanceof Operand.Placeholder p && p.kind() == PlaceholderKind.RESPONSE_TIME
                && right instanceof Operand.Literal literal && literal.value() instanceof Value.Num num) {
            BigDecimal ms = num.number();
            return Optional.of(Duration.ofMillis(ms.longValue()));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return source;
    }
}
