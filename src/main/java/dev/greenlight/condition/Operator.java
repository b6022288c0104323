package dev.greenlight.condition;

/** The comparison of a condition. Longer symbols first, so {@code <=} is not read as {@code <}. */
public enum Operator {
    EQ("=="), NE("!="), LE("<="), GE(">="), LT("<"), GT(">");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isOrdering() {
        return this != EQ && this != NE;
    }

    boolean test(int comparison) {
        return switch (this) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case LE -> comparison <= 0;
            case GE -> comparison >= 0;
            case LT -> comparison < 0;
            case GT -> comparison > 0;
        };
    }
}
