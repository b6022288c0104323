package dev.greenlight.finding;

/** What a rule is, for help texts and SARIF: its stable id, its name, one line saying what it finds, and the fix. */
public record RuleInfo(String id, String name, String description, String help) {
}
