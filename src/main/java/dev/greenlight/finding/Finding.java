package dev.greenlight.finding;

/**
 * What a rule found: its stable id and name, how serious, where (file and line; the suite and case when
 * one is meant), and the message, which names them.
 */
public record Finding(String ruleId, String rule, Severity severity, String file, int line, String suite, String testCase,
                      String message) {

    public enum Severity {
        NOTE, WARNING, ERROR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
