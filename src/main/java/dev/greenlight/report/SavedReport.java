package dev.greenlight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.diagnose.Classification;
import dev.greenlight.diagnose.Diagnosis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON report read back (an earlier run for {@code --baseline} and {@code diff}, a run to file issues from):
 * the verdict, each check's outcome and latency, and the root causes. A file that is not a Greenlight report, or
 * of a newer schema, is refused naming the file and the field.
 */
public record SavedReport(String source, String verdict, String environment, String startedAt, String command,
                          Map<String, SavedCheck> checks, List<Diagnosis.RootCause> rootCauses, Map<String, String> versions) {

    /** A report whose services said no version (or one written before reports kept them). */
    public SavedReport(String source, String verdict, String environment, String startedAt, String command,
                       Map<String, SavedCheck> checks, List<Diagnosis.RootCause> rootCauses) {
        this(source, verdict, environment, startedAt, command, checks, rootCauses, Map.of());
    }

    /** One check as a report shows it; {@code latencyMs} is null when nothing answered. */
    public record SavedCheck(String id, String service, String status, String signature, String detail, String target,
                             Double latencyMs) {

        public boolean passed() {
            return "PASS".equals(status);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public SavedReport {
        checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        rootCauses = List.copyOf(rootCauses);
        versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    public static SavedReport read(Path file) throws ReportFileException {
        byte[] bytes; // as bytes: JSON's own reader says where a file that is not UTF-8 stops being it
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ReportFileException(file + ": no such file");
        } catch (IOException e) {
            throw new ReportFileException(file + ": cannot read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ReportFileException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not JSON (" + e.getOriginalMessage() + "); expected a report of greenlight verify --format json");
        } catch (IOException e) {
            throw new ReportFileException(file + ": cannot read: " + e.getMessage());
        }
        return from(root, file.toString());
    }

    /** Reads a report tree; {@code source} names it in errors. */
    public static SavedReport from(JsonNode root, String source) throws ReportFileException {
        if (root == null || !root.isObject() || !root.has("schema_version") || !root.has("phases")) {
            throw new ReportFileException(source + ": not a Greenlight JSON report (no 'schema_version' and 'phases'); "
                    + "expected the output of greenlight verify --format json");
        }
        JsonNode version = root.get("schema_version");
        if (!version.canConvertToInt() || version.asInt() < 1) {
            throw new ReportFileException(source + ": 'schema_version' must be a positive integer, got " + version);
        }
        if (version.asInt() > JsonReport.SCHEMA_VERSION) {
            throw new ReportFileException(source + ": 'schema_version' is " + version.asInt() + ", newer than this greenlight "
                    + "reads (" + JsonReport.SCHEMA_VERSION + "); expected a report of this version or older");
        }
        Map<String, SavedCheck> checks = new LinkedHashMap<>();
        for (JsonNode phase : array(root, "phases", source)) {
            for (JsonNode c : array(phase, "checks", source)) {
                String id = text(c, "id", source);
                checks.put(id, new SavedCheck(id, text(c, "service", source), text(c, "status", source),
                        c.path("signature").asText(""), c.path("detail").asText(""), c.path("target").asText(""), latency(c)));
            }
        }
        List<Diagnosis.RootCause> roots = new ArrayList<>();
        for (JsonNode r : root.path("diagnosis").path("root_causes")) {
            roots.add(rootCause(r, source));
        }
        Map<String, String> versions = new LinkedHashMap<>();
        root.path("diagnosis").path("versions").fields().forEachRemaining(e -> {
            if (e.getValue().path("version").isTextual()) {
                versions.put(e.getKey(), e.getValue().get("version").asText());
            }
        });
        return new SavedReport(source, text(root, "verdict", source), root.path("environment").asText(""),
                root.path("started_at").asText(""), root.path("command").asText(""), checks, roots, versions);
    }

    private static Diagnosis.RootCause rootCause(JsonNode r, String source) throws ReportFileException {
        String classification = r.path("classification").asText("unknown").toUpperCase(Locale.ROOT);
        Classification c;
        try {
            c = Classification.valueOf(classification);
        } catch (IllegalArgumentException e) {
            throw new ReportFileException(source + ": 'diagnosis.root_causes[].classification' is '"
                    + classification.toLowerCase(Locale.ROOT) + "'; expected one of "
                    + java.util.Arrays.stream(Classification.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
        }
        JsonNode impact = r.path("impact");
        List<Diagnosis.Cascade> cascades = new ArrayList<>();
        for (JsonNode k : r.path("cascades")) {
            cascades.add(new Diagnosis.Cascade(k.path("service").asText(), k.path("check").asText(), k.path("because").asText()));
        }
        return new Diagnosis.RootCause(text(r, "service", source), r.path("check").asText(""), text(r, "signature", source), c,
                strings(r.path("why")), strings(r.path("next_checks")),
                new Diagnosis.Impact(impact.hasNonNull("priority") ? impact.get("priority").asText() : null,
                        impact.path("arr_at_risk").asLong(0), strings(impact.path("notes")),
                        impact.path("golden_path_blocked").asBoolean(false)),
                cascades);
    }

    /** The answer's own time when the report has it (timings total, else latency), in milliseconds. */
    private static Double latency(JsonNode check) {
        JsonNode evidence = check.path("evidence");
        JsonNode total = evidence.path("timings_ms").path("total");
        if (total.isNumber()) {
            return total.asDouble();
        }
        JsonNode latency = evidence.path("latency_ms");
        return latency.isNumber() ? latency.asDouble() : null;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field, String source) throws ReportFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new ReportFileException(source + ": '" + field + "' must be a list, got " + (value == null ? "nothing" : value.getNodeType()));
        }
        return value;
    }

    private static String text(JsonNode node, String field, String source) throws ReportFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ReportFileException(source + ": '" + field + "' must be a string, got " + (value == null ? "nothing" : value));
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }
}
