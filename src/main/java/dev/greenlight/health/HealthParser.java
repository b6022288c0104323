package dev.greenlight.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads health bodies into one {@link HealthReport}: Kubernetes {@code /readyz?verbose} text, the generic {@code {"status", "dependencies"|"checks"|
 * "components"}} shape (BACKGROUND.md, Spring Boot Actuator's {@code components}), IETF
 * {@code application/health+json} ({@code pass/warn/fail}, {@code checks} keyed {@code component:measurement}),
 * and MicroProfile Health ({@code checks[]} with {@code name}/{@code status}). Startup fields are kept.
 */
public final class HealthParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthParser() {
    }

    public static HealthReport parse(String body) {
        if (body != null && body.contains("[+]") || body != null && body.contains("[-]")) {
            return kubernetes(body);
        }
        String trimmed = body == null ? "" : body.trim(); // trim() also drops control characters: a body of NULs is empty
        if (trimmed.isEmpty()) {
            return HealthReport.NONE;
        }
        if (trimmed.charAt(0) != '{') {
            return plainText(trimmed);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return HealthReport.NONE;
        }
        HealthReport graphql = graphqlErrors(root);
        if (graphql != null) {
            return graphql;
        }
        List<HealthReport.Dependency> dependencies = new ArrayList<>();
        String format = "generic";
        JsonNode checks = root.get("checks");
        if (checks != null && checks.isArray()) {
            format = "microprofile";
            for (JsonNode check : checks) {
                dependencies.add(new HealthReport.Dependency(text(check, "name"), status(text(check, "status")), null,
                        text(check, "status")));
            }
        } else {
            for (String key : new String[] {"dependencies", "components", "checks", "entries"}) {
                JsonNode map = root.get(key);
                if (map != null && map.isObject()) {
                    format = key.equals("components") ? "spring" : key.equals("entries") ? "aspnet" : "generic";
                    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode value = e.getValue().isArray() && !e.getValue().isEmpty() ? e.getValue().get(0) : e.getValue();
                        String name = e.getKey().contains(":") ? e.getKey().substring(0, e.getKey().indexOf(':')) : e.getKey();
                        if (e.getKey().contains(":")) {
                            format = "ietf";
                        }
                        String error = value.has("error") ? text(value, "error") : value.has("output") ? text(value, "output")
                                : value.has("description") ? text(value, "description")
                                : value.path("details").has("error") ? text(value.get("details"), "error") : null;
                        dependencies.add(new HealthReport.Dependency(name, status(text(value, "status")), error,
                                text(value, "status")));
                    }
                    break;
                }
            }
        }
        Boolean complete = root.has("startup_complete") ? root.get("startup_complete").asBoolean() : null;
        HealthReport.Status overall = status(root.has("status") ? text(root, "status") : text(root, "health"));
        if (overall == HealthReport.Status.UNKNOWN) {
            overall = flags(root);
        }
        if (Boolean.FALSE.equals(complete) && overall != HealthReport.Status.UNHEALTHY) {
            overall = HealthReport.Status.STARTING;
        }
        return new HealthReport(format, overall, dependencies, root.has("startup_phase") ? text(root, "startup_phase") : null,
                complete, root.has("emergency_mode") ? root.get("emergency_mode").asBoolean() : null,
                root.path("service").isTextual() ? root.get("service").asText() : null, versions(root), environment(root));
    }

    /** The keys a body names its environment with, at its top level or in one of {@link #ENVIRONMENT_HOLDERS}. */
    private static final List<String> ENVIRONMENT_KEYS = List.of("environment", "env", "deployment_environment");
    private static final List<String> ENVIRONMENT_HOLDERS = List.of("app", "application", "info", "meta", "metadata",
            "deployment", "service");

    /** The environment a body says it serves ({@code "environment": "production"}, {@code app.environment}); null if none. */
    private static String environment(JsonNode root) {
        String said = environmentOf(root);
        for (int i = 0; said == null && i < ENVIRONMENT_HOLDERS.size(); i++) {
            said = environmentOf(root.path(ENVIRONMENT_HOLDERS.get(i)));
        }
        return said;
    }

    private static String environmentOf(JsonNode node) {
        for (String key : ENVIRONMENT_KEYS) {
            if (node.path(key).isTextual()) {
                return node.get(key).asText();
            }
        }
        return null;
    }

    /**
     * A GraphQL answer with errors ({@code {"errors": [{"message": ..., "path": [...]}], "data": ...}}): GraphQL servers
     * answer 200 when a resolver fails (a database down behind a field), so the answer's own errors are its word that
     * the query failed. Each error is a "dependency" named by its path. Null for any other body, and for a body that has
     * a status of its own (a health body is read as one).
     */
    private static HealthReport graphqlErrors(JsonNode root) {
        JsonNode errors = root.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty() || root.has("status") || root.has("health")
                || !errors.get(0).path("message").isTextual()) {
            return null;
        }
        List<HealthReport.Dependency> failed = new ArrayList<>();
        for (JsonNode error : errors) {
            List<String> path = new ArrayList<>();
            error.path("path").forEach(step -> path.add(step.asText()));
            failed.add(new HealthReport.Dependency(path.isEmpty() ? "query" : String.join(".", path),
                    HealthReport.Status.UNHEALTHY, error.path("message").asText(), null));
        }
        return new HealthReport("graphql", HealthReport.Status.UNHEALTHY, failed, null, null, null, null, versions(root), null);
    }

    /** The keys a body names its running version with ({@code appVersion}, {@code git_sha}: compared without '_' and '-'). */
    private static final java.util.Set<String> VERSION_KEYS = java.util.Set.of("version", "appversion", "applicationversion",
            "serviceversion", "buildversion", "release", "releaseid", "revision", "commit", "commitsha", "commitid", "gitsha",
            "gitcommit", "gitrevision", "sha", "imagetag", "buildid", "buildnumber");

    /** Where a body keeps them besides its top level (Spring Boot's {@code /actuator/info}: {@code build}, {@code git}). */
    private static final java.util.Set<String> VERSION_HOLDERS = java.util.Set.of("build", "git", "commit", "app", "application",
            "info", "meta", "metadata", "release", "deployment", "id"); // "id" under "commit" only

    /**
     * The versions a body says it runs, by their path: {@code version}, {@code build.version}, Spring's {@code git.commit.id}
     * (or {@code git.commit.id.full} / {@code .abbrev}). Never read from its dependencies (a database's version is not the
     * service's).
     */
    private static Map<String, String> versions(JsonNode root) {
        Map<String, String> found = new java.util.LinkedHashMap<>();
        versions(root, "", "", 0, found);
        return found;
    }

    private static void versions(JsonNode node, String path, String parentKey, int depth, Map<String, String> found) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
            JsonNode value = e.getValue();
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            boolean named = VERSION_KEYS.contains(key) || parentKey.equals("commit") && key.equals("id")
                    || parentKey.equals("id") && (key.equals("full") || key.equals("abbrev"));
            if (named && (value.isTextual() || value.isNumber()) && !value.asText().isBlank()) {
                found.putIfAbsent(at, value.asText().trim());
            } else if (value.isObject() && depth < 3 && VERSION_HOLDERS.contains(key)
                    && (!key.equals("id") || parentKey.equals("commit"))) {
                versions(value, at, key, depth + 1, found);
            }
        }
    }

    /** Kubernetes {@code /readyz?verbose}: one {@code [+]name ok} or {@code [-]name failed: reason} per line. */
    private static HealthReport kubernetes(String body) {
        List<HealthReport.Dependency> dependencies = new ArrayList<>();
        boolean anyFailed = false;
        for (String line : body.split("\n")) {
            String t = line.trim();
            if (t.startsWith("[+]") || t.startsWith("[-]")) {
                boolean ok = t.startsWith("[+]");
                anyFailed |= !ok;
                String rest = t.substring(3);
                int space = rest.indexOf(' ');
                String name = space < 0 ? rest : rest.substring(0, space);
                String error = ok || space < 0 ? null : rest.substring(space + 1);
                dependencies.add(new HealthReport.Dependency(name, ok ? HealthReport.Status.HEALTHY
                        : HealthReport.Status.UNHEALTHY, error));
            }
        }
        return new HealthReport("kubernetes", anyFailed ? HealthReport.Status.UNHEALTHY : HealthReport.Status.HEALTHY,
                dependencies, null, null, null);
    }

    /** The keys a body says its health with as true or false ({@code {"healthy": false}}, {@code {"ok": true}}). */
    private static final List<String> FLAGS = List.of("healthy", "ok", "up", "alive", "live", "ready", "success");

    /** A body with no status word: what its true/false flags say (any false: unhealthy). */
    private static HealthReport.Status flags(JsonNode root) {
        HealthReport.Status said = HealthReport.Status.UNKNOWN;
        for (String flag : FLAGS) {
            JsonNode value = root.get(flag);
            if (value != null && value.isBoolean()) {
                if (!value.asBoolean()) {
                    return HealthReport.Status.UNHEALTHY;
                }
                said = HealthReport.Status.HEALTHY;
            }
        }
        return said;
    }

    /** A body that is one status word ({@code OK}, {@code DOWN}, {@code NOT OK}), as plain health endpoints answer. */
    private static HealthReport plainText(String trimmed) {
        HealthReport.Status said = trimmed.length() > 40 || trimmed.contains("\n") ? HealthReport.Status.UNKNOWN
                : status(trimmed.replaceAll("[.!]+$", "").trim());
        return said == HealthReport.Status.UNKNOWN ? HealthReport.NONE : new HealthReport("text", said, List.of(), null, null, null);
    }

    static HealthReport.Status status(String text) {
        if (text == null) {
            return HealthReport.Status.UNKNOWN;
        }
        return switch (text.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_')) {
            case "up", "pass", "passing", "ok", "healthy", "ready", "green", "serving", "alive", "true" -> HealthReport.Status.HEALTHY;
            case "warn", "warning", "degraded", "partial", "yellow" -> HealthReport.Status.DEGRADED;
            case "down", "fail", "failed", "failing", "unhealthy", "error", "out_of_service", "not_ready", "critical", "red",
                 "not_serving", "dead", "unavailable", "maintenance", "false", "ko", "not_ok", "nok" -> HealthReport.Status.UNHEALTHY;
            case "starting", "initializing", "initialising", "warming_up" -> HealthReport.Status.STARTING;
            default -> HealthReport.Status.UNKNOWN;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }
}
