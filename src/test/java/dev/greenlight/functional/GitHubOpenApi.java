package dev.greenlight.functional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * GitHub's official OpenAPI description of its REST API (npm {@code @octokit/openapi}, installed by .ci/run): says
 * what is wrong with a request (no such operation, an undeclared or ill-typed query parameter, a body its schema
 * refuses) or with a response the fake gives (so the fake cannot drift from GitHub's shapes either).
 */
final class GitHubOpenApi {

    static final Path TOOLS = Path.of(System.getProperty("user.home"), ".cache", "greenlight-tools");
    private static final Path SPEC = TOOLS.resolve("octokit-openapi").resolve("api.github.com.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GitHubOpenApi loaded;

    private final JsonNode spec;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private GitHubOpenApi(JsonNode spec) {
        this.spec = spec;
    }

    static synchronized GitHubOpenApi load() throws IOException {
        if (loaded == null) {
            if (!Files.exists(SPEC)) {
                throw new AssertionError(SPEC + " is missing: .ci/run fetches it from npm @octokit/openapi");
            }
            loaded = new GitHubOpenApi(JSON.readTree(SPEC.toFile()));
        }
        return loaded;
    }

    /** The operation's path template ("/repos/{owner}/{repo}/issues") for a concrete path, or null. */
    String template(String method, String path) {
        Iterator<String> names = spec.get("paths").fieldNames();
        while (names.hasNext()) {
            String template = names.next();
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex) && spec.get("paths").get(template).has(method.toLowerCase(Locale.ROOT))) {
                return template;
            }
        }
        return null;
    }

    List<String> requestViolations(String method, String path, Map<String, String> query, String body) {
        List<String> out = new ArrayList<>();
        String template = template(method, path);
        if (template == null) {
            out.add(method + " " + path + ": no such operation in GitHub's REST API");
            return out;
        }
        JsonNode operation = spec.get("paths").get(template).get(method.toLowerCase(Locale.ROOT));
        Map<String, JsonNode> declared = new java.util.HashMap<>();
        for (JsonNode p : operation.path("parameters")) {
            JsonNode param = resolve(p);
            if ("query".equals(param.path("in").asText())) {
                declared.put(param.get("name").asText(), param);
            }
        }
        query.forEach((name, value) -> {
            JsonNode param = declared.get(name);
            if (param == null) {
                out.add(method + " " + template + ": query parameter '" + name + "' is not declared");
                return;
            }
            JsonNode typed = "integer".equals(param.path("schema").path("type").asText()) && value.matches("-?[0-9]+")
                    ? JSON.getNodeFactory().numberNode(Long.parseLong(value)) : JSON.getNodeFactory().textNode(value);
            schema(param.path("schema")).validate(typed)
                    .forEach(m -> out.add(method + " " + template + ": query " + name + "=" + value + ": " + m.getMessage()));
        });
        JsonNode requestBody = operation.path("requestBody");
        if (!requestBody.isMissingNode()) {
            if (body == null || body.isEmpty()) {
                if (requestBody.path("required").asBoolean(false)) {
                    out.add(method + " " + template + ": the request body is required");
                }
            } else {
                out.addAll(validate(requestBody.path("content").path("application/json").path("schema"), body,
                        method + " " + template + " request body"));
            }
        } else if (body != null && !body.isEmpty()) {
            out.add(method + " " + template + ": takes no request body");
        }
        return out;
    }

    List<String> responseViolations(String method, String path, int status, String body) {
        String template = template(method, path);
        if (template == null) {
            return List.of("no operation for " + method + " " + path);
        }
        JsonNode response = resolve(spec.get("paths").get(template).get(method.toLowerCase(Locale.ROOT)).path("responses")
                .path(String.valueOf(status)));
        if (response.isMissingNode()) {
            return List.of(method + " " + template + ": GitHub documents no " + status + " answer");
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        return schema.isMissingNode() || body.isEmpty() ? List.of() : validate(schema, body, method + " " + template + " " + status);
    }

    /** An example GitHub's description gives ("issue-comment"). */
    JsonNode example(String name) {
        return spec.get("components").get("examples").get(name).get("value").deepCopy();
    }

    private List<String> validate(JsonNode schema, String body, String what) {
        List<String> out = new ArrayList<>();
        try {
            schema(schema).validate(JSON.readTree(body)).forEach(m -> out.add(what + ": " + m.getMessage()));
        } catch (IOException e) {
            out.add(what + ": not JSON: " + e.getMessage());
        }
        return out;
    }

    /** The schema with the description's components beside it, so its "#/components/..." references resolve. */
    private JsonSchema schema(JsonNode schema) {
        return compiled.computeIfAbsent(schema.toString(), key -> {
            ObjectNode document = schema.deepCopy();
            document.set("components", spec.get("components"));
            return schemas.getSchema(document);
        });
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode at = node;
        while (at.has("$ref")) {
            at = spec.at(at.get("$ref").asText().substring(1));
        }
        return at;
    }
}
