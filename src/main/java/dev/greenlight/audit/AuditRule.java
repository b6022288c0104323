package dev.greenlight.audit;

import dev.greenlight.finding.Finding;

import java.util.List;

/** One way test results lie, checked over the whole audit: one class per rule, a stable id each. */
public interface AuditRule {

    /** Its stable id, name and one line on what it catches (for SARIF and help). */
    dev.greenlight.finding.RuleInfo info();

    List<Finding> check(AuditInput input);

    default String id() {
        return info().id();
    }

    default String name() {
        return info().name();
    }
}
