package dev.greenlight.condition;

/** One evaluated condition: what was asked, whether it held, and the value actually seen. */
public record ConditionResult(String condition, boolean success, String actual) {
}
