package dev.greenlight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.finding.Finding;
import java.util.List;
import java.util.Locale;

/**
 * Findings as people and tools read them: text (one line each), JSON (stable fields, with the audited test
 * ids so a later run can compare), SARIF 2.1.0 (code-scanning tools). Shared by the commands that produce
 * findings.
 *
 * @param summary   one line: what was read ("12 reports, 3 suites, 245 tests")
 * @param inventory the ids of every test read (for {@code --baseline} next time)
 */
public record FindingsReport(String tool, String summary, List<Finding> findings, List<RuleInfo> rules,
                             List<String> inventory) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public FindingsReport {
        findings = List.copyOf(findings);
        rules = List.copyOf(rules);
        inventory = List.copyOf(inventory);
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        long errors = count(Finding.Severity.ERROR);
        long warnings = count(Finding.Severity.WARNING);
        out.append(tool).append(": ").append(summary).append(": ").append(errors).append(errors == 1 ? " error, " : " errors, ")
                .append(warnings).append(warnings == 1 ? " warning" : " warnings").append('\n');
        for (Finding f : findings) {
            String message = f.file() != null && f.line() > 0 && f.message().startsWith(f.file() + ": ")
                    ? f.message().substring(f.file().length() + 2) : f.message(); // the location says the file already
            out.append(String.format(Locale.ROOT, "%-8s %s %-19s ", f.severity().label(), f.ruleId(), f.rule()))
                    .append(location(f)).append(message).append('\n');
        }
        return out.toString();
    }

    private static String location(Finding f) {
        return f.file() != null && f.line() > 0 ? f.file() + ":" + f.line() + ": " : "";
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", 1);
        root.put("tool", tool);
        root.put("summary", summary);
        root.put("errors", count(Finding.Severity.ERROR));
        root.put("warnings", count(Finding.Severity.WARNING));
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode n = list.addObject();
            n.put("rule_id", f.ruleId());
            n.put("rule", f.rule());
            n.put("severity", f.severity().label());
            n.put("file", f.file());
            n.put("line", f.line());
            n.put("suite", f.suite());
            n.put("test", f.testCase());
            n.put("message", f.message());
        }
        ArrayNode ids = root.putArray("test_ids");
        inventory.forEach(ids::add);
        return write(root);
    }

    public String sarif() {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "greenlight");
        String version = FindingsReport.class.getPackage().getImplementationVersion();
        driver.put("semanticVersion", version == null ? "0.0.0-dev" : version);
        ArrayNode rulesNode = driver.putArray("rules");
        for (RuleInfo rule : rules) {
            ObjectNode r = rulesNode.addObject();
            r.put("id", rule.id());
            r.put("name", rule.name());
            r.putObject("shortDescription").put("text", rule.description());
            r.putObject("help").put("text", rule.help());
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode r = results.addObject();
            r.put("ruleId", f.ruleId());
            r.put("level", f.severity() == Finding.Severity.NOTE ? "note" : f.severity().label());
            r.putObject("message").put("text", f.message());
            // stable across runs while the finding stays: what code scanning uses to match alerts
            r.putObject("partialFingerprints").put("greenlight/v1", fingerprint(f));
            if (f.file() != null) {
                ObjectNode physical = r.putArray("locations").addObject().putObject("physicalLocation");
                physical.putObject("artifactLocation").put("uri", f.file());
                if (f.line() > 0) {
                    physical.putObject("region").put("startLine", f.line());
                }
            }
        }
        return write(root);
    }

    private static String fingerprint(Finding f) {
        String firstLine = f.message().lines().findFirst().orElse("");
        String key = f.ruleId() + "|" + f.file() + "|" + f.suite() + "|" + f.testCase() + "|" + firstLine;
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public long count(Finding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write findings", e);
        }
    }
}
