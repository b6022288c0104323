package dev.greenlight.condition;

import dev.greenlight.config.Location;
import dev.greenlight.probe.FailureSignature;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** A parsed condition such as {@code [STATUS] == 200}, with where it was written. */
public record Condition(String source, Location location, Operand left, Operator operator, Operand right) {

    /** It reads a check's samples ({@code [SUCCESS_RATE]}, {@code [P95]}...), not one observation. */
    public boolean overSamples() {
        return left instanceof Operand.Placeholder p && p.kind().overSamples();
    }

    /**
     * Whether it can still hold once every sample is in: the samples still to come are assumed to pass at
     * once. Only for the directions where that assumption is the best case (a rate at least, a time at most).
     */
    public boolean stillPossible(Samples soFar, int planned) {
        if (!(left instanceof Operand.Placeholder p)) {
            return true;
        }
        boolean rateFloor = p.kind() == PlaceholderKind.SUCCESS_RATE && (operator == Operator.GE || operator == Operator.GT);
        boolean timeCeiling = p.kind().overSamples() && p.kind() != PlaceholderKind.SUCCESS_RATE
                && (operator == Operator.LT || operator == Operator.LE);
        if (!rateFloor && !timeCeiling) {
            return true;
        }
        return new Evaluator(null, soFar.completedOptimistically(planned)).evaluate(this).success();
    }

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
