package dev.greenlight.audit;

import dev.greenlight.finding.Finding;

import java.util.List;

/** One way test results lie, checked over the whole audit: one class per rule, a stable id each. */
public interface AuditRule {

    String id();

    String name();

    /** One line: what the rule catches, for SARIF and --help. */
    String description();

    List<Finding> check(AuditInput input);

    default dev.greenlight.finding.RuleInfo info() {
        return new dev.greenlight.finding.RuleInfo(id(), name(), description(), description());
    }
}
