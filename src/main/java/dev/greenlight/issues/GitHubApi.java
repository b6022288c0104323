package dev.greenlight.issues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few GitHub REST calls Greenlight makes (list open issues by label, create, comment, list comments, update),
 * with GitHub's rules for a polite client: a 403/429 with {@code Retry-After} or an exhausted
 * {@code x-ratelimit-remaining} waits (up to {@code maxWait}) and tries again; a 5xx or no answer is retried with
 * backoff; anything else is a {@link GitHubException} with GitHub's message. Counts every request it sends.
 */
public final class GitHubApi {

    /** Waits, so tests and callers can bound or observe it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final int SERVER_ERROR_TRIES = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String repo;
    private final String token;
    private final Duration maxWait;
    private final Duration backoff;
    private final Sleeper sleeper;
    private int requests;

    /**
     * @param base    the API root (https://api.github.com, or GITHUB_API_URL on GitHub Enterprise)
     * @param repo    owner/name
     * @param backoff the first wait after a 5xx; doubled for each further try
     */
    public GitHubApi(URI base, String repo, String token, Duration maxWait, Duration backoff, Sleeper sleeper) {
        String root = base.toString();
        this.base = URI.create(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
        this.repo = repo;
        this.token = token;
        this.maxWait = maxWait;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    public int requests() {
        return requests;
    }

    /** Open issues carrying {@code label} (pull requests left out), every page. */
    public List<JsonNode> openIssues(String label) throws GitHubException {
        List<JsonNode> out = new ArrayList<>();
        String next = base + "/repos/" + repo + "/issues?state=open&labels=" + encode(label) + "&per_page=100";
        while (next != null) {
            HttpResponse<String> r = send("GET", URI.create(next), null);
            for (JsonNode issue : parse(r)) {
                if (!issue.has("pull_request")) {
                    out.add(issue);
                }
            }
            next = nextPage(r).orElse(null);
        }
        return out;
    }

    public IssueLink create(String title, String body, List<String> labels) throws GitHubException {
        ObjectNode request = JSON.createObjectNode().put("title", title).put("body", body);
        labels.forEach(request.putArray("labels")::add);
        JsonNode issue = parse(send("POST", uri("/issues"), request));
        return new IssueLink(issue.path("number").asInt(), issue.path("html_url").asText());
    }

    public void comment(int number, String body) throws GitHubException {
        send("POST", uri("/issues/" + number + "/comments"), JSON.createObjectNode().put("body", body));
    }

    /** The bodies of every comment on an issue. */
    public List<String> comments(int number) throws GitHubException {
        List<String> out = new ArrayList<>();
        String next = uri("/issues/" + number + "/comments?per_page=100").toString();
        while (next != null) {
            HttpResponse<String> r = send("GET", URI.create(next), null);
            parse(r).forEach(c -> out.add(c.path("body").asText("")));
            next = nextPage(r).orElse(null);
        }
        return out;
    }

    public void updateBody(int number, String body) throws GitHubException {
        send("PATCH", uri("/issues/" + number), JSON.createObjectNode().put("body", body));
    }

    public void close(int number) throws GitHubException {
        send("PATCH", uri("/issues/" + number), JSON.createObjectNode().put("state", "closed").put("state_reason", "completed"));
    }

    private URI uri(String path) {
        return URI.create(base + "/repos/" + repo + path);
    }

    private HttpResponse<String> send(String method, URI uri, JsonNode body) throws GitHubException {
        Duration waited = Duration.ZERO;
        int serverErrors = 0;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/vnd.github+json")
                    .header("Authorization", "Bearer " + token)
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("User-Agent", "greenlight");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response;
            requests++;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (++serverErrors >= SERVER_ERROR_TRIES) {
                    throw new GitHubException(0, method + " " + uri.getPath() + ": no answer from GitHub (" + e.getMessage() + ")");
                }
                pause(backoff.multipliedBy(1L << (serverErrors - 1)));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubException(0, "interrupted");
            }
            int status = response.statusCode();
            if (status < 300) {
                return response;
            }
            Optional<Duration> limited = rateLimitWait(response);
            if (limited.isPresent()) {
                Duration wait = limited.get();
                if (waited.plus(wait).compareTo(maxWait) > 0) {
                    throw new GitHubException(status, "rate limited by GitHub (" + message(response) + "); it asks to wait "
                            + wait.toSeconds() + " s, more than --max-wait allows");
                }
                waited = waited.plus(wait);
                pause(wait);
                continue;
            }
            if (status >= 500 && ++serverErrors < SERVER_ERROR_TRIES) {
                pause(backoff.multipliedBy(1L << (serverErrors - 1)));
                continue;
            }
            throw new GitHubException(status, method + " " + uri.getPath() + ": HTTP " + status + ": " + message(response));
        }
    }

    /** How long GitHub asks to wait, when this answer is a rate limit (primary or secondary). */
    static Optional<Duration> rateLimitWait(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        Optional<String> retryAfter = response.headers().firstValue("retry-after");
        if (retryAfter.isPresent()) {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.get().trim()))));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofSeconds(60));
            }
        }
        if ("0".equals(response.headers().firstValue("x-ratelimit-remaining").orElse(""))) {
            long reset = response.headers().firstValue("x-ratelimit-reset").map(Long::parseLong).orElse(Instant.now().getEpochSecond() + 60);
            return Optional.of(Duration.ofSeconds(Math.max(1, reset - Instant.now().getEpochSecond())));
        }
        // a secondary rate limit may come without either header: GitHub asks for at least a minute then
        return status == 429 || message(response).toLowerCase(java.util.Locale.ROOT).contains("rate limit")
                ? Optional.of(Duration.ofSeconds(60)) : Optional.empty();
    }

    private void pause(Duration d) throws GitHubException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(0, "interrupted");
        }
    }

    private static Optional<String> nextPage(HttpResponse<String> r) {
        return r.headers().firstValue("link").map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1));
    }

    private static JsonNode parse(HttpResponse<String> r) throws GitHubException {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new GitHubException(r.statusCode(), "GitHub's answer is not JSON: " + e.getMessage());
        }
    }

    private static String message(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).path("message").asText("(no message)");
        } catch (IOException e) {
            return "(no message)";
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
