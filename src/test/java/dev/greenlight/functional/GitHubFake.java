package dev.greenlight.functional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub on loopback for the issue-filing tests. Its answers are GitHub's own: issues and labels shaped like the
 * recorded responses of npm {@code @octokit/fixtures}, a comment like the example of GitHub's OpenAPI description;
 * every request it receives, and every answer it gives, is checked against that description. It keeps the issues it
 * was asked to create, pages its lists as GitHub does (Link headers), and can be told to answer the next requests
 * with a rate limit or a 5xx.
 */
final class GitHubFake implements AutoCloseable {

    record Request(String method, String path, Map<String, String> query, String body, String authorization) {
    }

    record Fault(int status, Map<String, String> headers, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = GitHubOpenApi.TOOLS.resolve(Path.of("node_modules", "@octokit", "fixtures", "scenarios",
            "api.github.com"));
    private static final Pattern ISSUES = Pattern.compile("/repos/([^/]+)/([^/]+)/issues(?:/(\\d+)(/comments)?)?");

    private final HttpServer server;
    private final GitHubOpenApi api;
    private final String token;
    private final int pageSize;
    private final JsonNode issueTemplate;
    private final JsonNode labelTemplate;
    private final Map<Integer, ObjectNode> issues = new TreeMap<>();
    private final Map<Integer, List<ObjectNode>> comments = new LinkedHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, Fault> faults = new java.util.HashMap<>();
    private int nextNumber = 1;
    private long nextId = 1000;

    GitHubFake(String token, int pageSize) throws IOException {
        this.api = GitHubOpenApi.load();
        this.token = token;
        this.pageSize = pageSize;
        JsonNode addLabels = JSON.readTree(FIXTURES.resolve("add-labels-to-issue/normalized-fixture.json").toFile());
        this.issueTemplate = addLabels.get(0).get("response");   // POST /repos/{o}/{r}/issues, 201, as recorded
        this.labelTemplate = addLabels.get(1).get("response").get(0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized Map<Integer, ObjectNode> issues() {
        return Map.copyOf(issues);
    }

    synchronized List<ObjectNode> comments(int number) {
        return List.copyOf(comments.getOrDefault(number, List.of()));
    }

    /** The request with this number (1 = the first this fake receives) is answered with this fault instead. */
    synchronized void failAt(int request, int status, Map<String, String> headers, String message) {
        ObjectNode body = JSON.createObjectNode().put("message", message)
                .put("documentation_url", "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api");
        faults.put(request, new Fault(status, headers, body.toString()));
    }

    /** An issue already open, as a human or an earlier tool left it. */
    synchronized int seed(String title, String body, List<String> labels) {
        return createIssue(title, body, labels).get("number").asInt();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = ex.getRequestMethod();
        int n;
        synchronized (this) {
            requests.add(new Request(method, path, query, body, ex.getRequestHeaders().getFirst("Authorization")));
            n = requests.size();
        }
        violations.addAll(api.requestViolations(method, path, query, body));
        if (!"application/vnd.github+json".equals(ex.getRequestHeaders().getFirst("Accept"))) {
            violations.add(method + " " + path + ": Accept is not application/vnd.github+json");
        }
        if (!"2022-11-28".equals(ex.getRequestHeaders().getFirst("X-GitHub-Api-Version"))) {
            violations.add(method + " " + path + ": no X-GitHub-Api-Version");
        }
        Fault fault;
        synchronized (this) {
            fault = faults.remove(n);
        }
        if (fault != null) {
            fault.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            send(ex, fault.status(), fault.body(), method, path, false);
            return;
        }
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}", method, path, false);
            return;
        }
        Matcher m = ISSUES.matcher(path);
        if (!m.matches()) {
            send(ex, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}", method, path, false);
            return;
        }
        Integer number = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        boolean onComments = m.group(4) != null;
        JsonNode request = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        synchronized (this) {
            if (number == null && method.equals("GET")) {
                listIssues(ex, query, path);
            } else if (number == null && method.equals("POST")) {
                List<String> labels = new ArrayList<>();
                request.path("labels").forEach(l -> labels.add(l.asText()));
                send(ex, 201, createIssue(request.get("title").asText(), request.path("body").asText(), labels).toString(), method, path, true);
            } else if (!issues.containsKey(number)) {
                send(ex, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}", method, path, false);
            } else if (onComments && method.equals("POST")) {
                ObjectNode comment = (ObjectNode) api.example("issue-comment");
                comment.put("id", nextId++).put("body", request.get("body").asText());
                comments.computeIfAbsent(number, k -> new ArrayList<>()).add(comment);
                issues.get(number).put("comments", comments.get(number).size());
                send(ex, 201, comment.toString(), method, path, true);
            } else if (onComments && method.equals("GET")) {
                ArrayNode list = JSON.createArrayNode();
                comments.getOrDefault(number, List.of()).forEach(list::add);
                send(ex, 200, list.toString(), method, path, true);
            } else if (method.equals("PATCH")) {
                ObjectNode issue = issues.get(number);
                request.fields().forEachRemaining(f -> issue.set(f.getKey(), f.getValue()));
                send(ex, 200, issue.toString(), method, path, true);
            } else {
                send(ex, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}", method, path, false);
            }
        }
    }

    private ObjectNode createIssue(String title, String body, List<String> labels) {
        ObjectNode issue = issueTemplate.deepCopy();
        int number = nextNumber++;
        String repoUrl = issue.get("repository_url").asText();
        issue.put("id", nextId++).put("number", number).put("title", title).put("body", body).put("state", "open")
                .put("url", repoUrl + "/issues/" + number).put("html_url", "https://github.com/octokit-fixture-org/x/issues/" + number)
                .put("comments", 0);
        ArrayNode labelNodes = issue.putArray("labels");
        for (String name : labels) {
            labelNodes.add(((ObjectNode) labelTemplate.deepCopy()).put("id", nextId++).put("name", name));
        }
        issues.put(number, issue);
        return issue;
    }

    private void listIssues(HttpExchange ex, Map<String, String> query, String path) throws IOException {
        String label = query.get("labels");
        List<ObjectNode> open = issues.values().stream().filter(i -> i.get("state").asText().equals("open"))
                .filter(i -> label == null || hasLabel(i, label)).toList();
        int perPage = Math.min(pageSize, Integer.parseInt(query.getOrDefault("per_page", "30")));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        ArrayNode out = JSON.createArrayNode();
        open.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(out::add);
        if ((long) page * perPage < open.size()) {
            ex.getResponseHeaders().add("Link", "<" + url() + path + "?state=open&labels=" + label + "&per_page=" + perPage
                    + "&page=" + (page + 1) + ">; rel=\"next\"");
        }
        send(ex, 200, out.toString(), "GET", path, true);
    }

    private static boolean hasLabel(JsonNode issue, String label) {
        for (JsonNode l : issue.path("labels")) {
            if (l.path("name").asText().equals(label)) {
                return true;
            }
        }
        return false;
    }

    private void send(HttpExchange ex, int status, String body, String method, String path, boolean checkShape) throws IOException {
        if (checkShape) {
            api.responseViolations(method, path, status, body).forEach(v -> violations.add("the fake's answer: " + v));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().add("X-GitHub-Api-Version-Selected", "2022-11-28");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
