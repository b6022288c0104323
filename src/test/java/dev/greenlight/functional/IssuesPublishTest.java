package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenlight.config.Secrets;
import dev.greenlight.issues.DraftBody;
import dev.greenlight.issues.GitHubApi;
import dev.greenlight.issues.GitHubPublisher;
import dev.greenlight.issues.IssueDraft;
import dev.greenlight.issues.IssueDrafter;
import dev.greenlight.plan.RunResult;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.SavedReport;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Filing a real run's root causes on a GitHub that answers as GitHub does (recorded responses, every request and
 * answer checked against GitHub's OpenAPI description): one issue per root cause, never twice, comments for a new
 * run, waits for rate limits, retries 5xx, a partial failure that the next run completes, and closing what a run
 * proved fixed.
 */
class IssuesPublishTest {

    private static final String TOKEN = "ghp_test_token_0123456789abcdef";
    private static TestServer server;
    private static int closedDb;
    private static int closedCache;

    private GitHubFake github;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        closedDb = TestServer.closedPort();
        closedCache = TestServer.closedPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void github() throws Exception {
        github = new GitHubFake(TOKEN, 100);
    }

    @AfterEach
    void closeGithub() {
        assertThat(github.violations()).as("requests and answers against GitHub's OpenAPI description").isEmpty();
        github.close();
    }

    /** db and cache both down; api depends on both: two root causes that share one cascade. */
    private static SavedReport twoRootCauses(String environment, int cachePort) throws Exception {
        RunResult run = Runs.run("""
                environment: %s
                services:
                  db: { checks: { reachable: { tcp: "127.0.0.1:%d" } } }
                  cache: { checks: { reachable: { tcp: "127.0.0.1:%d" } } }
                  api: { url: "%s", depends_on: [db, cache], checks: { health: { http: /unavailable } } }
                """.formatted(environment, closedDb, cachePort, server.url("")));
        return SavedReport.from(JsonReport.tree(ReportInput.of(run, Secrets.none())), "run.json");
    }

    private GitHubPublisher.Outcome publish(SavedReport report, boolean closeResolved) {
        GitHubApi api = new GitHubApi(URI.create(github.url()), "octokit-fixture-org/x", TOKEN, Duration.ofSeconds(30),
                Duration.ofMillis(10), waits::add);
        return new GitHubPublisher(api).publish(IssueDrafter.drafts(report), report, closeResolved);
    }

    @Test
    void oneIssuePerRootCauseWithTheSharedCascadeLinkedFromBothAndNothingFiledTwice() throws Exception {
        SavedReport report = twoRootCauses("staging", closedCache);
        assertThat(report.rootCauses()).extracting(r -> r.service()).containsExactlyInAnyOrder("db", "cache");

        GitHubPublisher.Outcome first = publish(report, false);
        GitHubPublisher.Outcome again = publish(report, false);

        assertThat(first.complete()).isTrue();
        assertThat(first.created()).hasSize(2);
        assertThat(first.requests()).as("1 list, 2 creates, 2 updates that link the shared cascade").isEqualTo(5);
        Map<Integer, ObjectNode> issues = github.issues();
        assertThat(issues).hasSize(2);
        ObjectNode db = issues.values().stream().filter(i -> i.get("title").asText().contains("] db: ")).findFirst().orElseThrow();
        ObjectNode cache = issues.values().stream().filter(i -> i.get("title").asText().contains("] cache: ")).findFirst().orElseThrow();
        assertThat(db.get("title").asText()).startsWith("[staging] db: ").endsWith("(CONNECTION_REFUSED)");
        assertThat(db.get("labels")).extracting(l -> l.get("name").asText())
                .containsExactly("greenlight", "configuration", "service:db", "env:staging");
        assertThat(db.get("body").asText()).contains("<!-- greenlight:fingerprint=")
                .contains("- [ ] **api**").contains("(also depends on #" + cache.get("number").asInt() + ")");
        assertThat(cache.get("body").asText()).contains("(also depends on #" + db.get("number").asInt() + ")");
        assertThat(again.created()).isEmpty();
        assertThat(again.commented()).isEmpty();
        assertThat(again.unchanged()).hasSize(2);
        assertThat(again.requests()).as("the same report again: one list, nothing else").isEqualTo(1);
        assertThat(github.issues()).hasSize(2);
        assertThat(github.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    }

    @Test
    void aLaterRunOfTheSameRootCauseCommentsOnTheOpenIssueOnce() throws Exception {
        publish(twoRootCauses("staging", closedCache), false);
        SavedReport later = twoRootCauses("staging", closedCache);

        GitHubPublisher.Outcome second = publish(later, false);
        GitHubPublisher.Outcome third = publish(later, false);

        assertThat(second.created()).isEmpty();
        assertThat(second.commented()).hasSize(2);
        assertThat(third.commented()).as("that run's evidence is there already").isEmpty();
        assertThat(third.unchanged()).hasSize(2);
        int first = github.issues().keySet().iterator().next();
        assertThat(github.comments(first)).hasSize(1);
        assertThat(github.comments(first).get(0).get("body").asText()).startsWith("<!-- greenlight:run=" + later.startedAt())
                .contains("Failed again: ");
    }

    @Test
    void aRateLimitIsWaitedOutAsGithubAsksThenEverythingIsFiled() throws Exception {
        github.failAt(2, 429, Map.of("Retry-After", "3"), "You have exceeded a secondary rate limit.");
        github.failAt(4, 403, Map.of("x-ratelimit-remaining", "0",
                "x-ratelimit-reset", String.valueOf(Instant.now().getEpochSecond() + 5)), "API rate limit exceeded for user ID 1.");

        GitHubPublisher.Outcome outcome = publish(twoRootCauses("staging", closedCache), false);

        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.created()).hasSize(2);
        assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(waits.get(1)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
        assertThat(github.issues()).hasSize(2);
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        github.failAt(1, 502, Map.of(), "Server Error");
        github.failAt(2, 503, Map.of(), "Server Error");

        GitHubPublisher.Outcome outcome = publish(twoRootCauses("staging", closedCache), false);

        assertThat(outcome.complete()).isTrue();
        assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(github.issues()).hasSize(2);
    }

    @Test
    void aRateLimitLongerThanTheWaitAllowedStopsWithWhatWasNotFiledAndTheNextRunFinishes() throws Exception {
        SavedReport report = twoRootCauses("staging", closedCache);
        github.failAt(3, 403, Map.of("x-ratelimit-remaining", "0",
                "x-ratelimit-reset", String.valueOf(Instant.now().getEpochSecond() + 3600)), "API rate limit exceeded for user ID 1.");

        GitHubPublisher.Outcome partial = publish(report, false);
        GitHubPublisher.Outcome rest = publish(report, false);

        assertThat(partial.complete()).isFalse();
        assertThat(partial.created()).hasSize(1);
        assertThat(partial.notDone()).hasSize(1);
        assertThat(partial.error()).contains("rate limited by GitHub (API rate limit exceeded").contains("more than --max-wait allows");
        assertThat(rest.complete()).isTrue();
        assertThat(rest.created()).hasSize(1);
        assertThat(rest.unchanged()).hasSize(1);
        assertThat(github.issues()).as("nothing filed twice").hasSize(2);
    }

    @Test
    void closeResolvedClosesOnlyWhatThisRunSawPassInTheSameEnvironment() throws Exception {
        publish(twoRootCauses("staging", closedCache), false);
        publish(twoRootCauses("production", closedCache), false);
        int cacheUp = Integer.parseInt(server.url("").replaceAll(".*:(\\d+)/?$", "$1"));
        SavedReport cacheBack = twoRootCauses("staging", cacheUp);
        assertThat(cacheBack.rootCauses()).extracting(r -> r.service()).containsExactly("db");

        GitHubPublisher.Outcome outcome = publish(cacheBack, true);

        assertThat(outcome.closed()).hasSize(1).allMatch(c -> c.contains("[staging] cache: "));
        List<ObjectNode> open = github.issues().values().stream().filter(i -> i.get("state").asText().equals("open")).toList();
        assertThat(open).extracting(i -> i.get("title").asText()).hasSize(3).noneMatch(t -> t.startsWith("[staging] cache"));
        ObjectNode closed = github.issues().values().stream().filter(i -> i.get("state").asText().equals("closed")).findFirst().orElseThrow();
        assertThat(closed.get("state_reason").asText()).isEqualTo("completed");
        assertThat(github.comments(closed.get("number").asInt()).get(0).get("body").asText())
                .contains("Resolved: the run at " + cacheBack.startedAt()).contains("every check of **cache** pass in staging");
    }

    @Test
    void githubsDescriptionRefusesWhatGithubWouldRefuseSoTheChecksAboveCanFail() throws Exception {
        GitHubOpenApi spec = GitHubOpenApi.load();

        assertThat(spec.requestViolations("POST", "/repos/o/r/issues", Map.of(), "{\"body\": \"no title\"}"))
                .anyMatch(v -> v.contains("title"));
        assertThat(spec.requestViolations("POST", "/repos/o/r/issues", Map.of(), "{\"title\": \"t\", \"labels\": \"P0\"}"))
                .anyMatch(v -> v.contains("labels"));
        assertThat(spec.requestViolations("GET", "/repos/o/r/issues", Map.of("state", "opened"), ""))
                .anyMatch(v -> v.contains("state=opened"));
        assertThat(spec.requestViolations("GET", "/repos/o/r/issues", Map.of("label", "greenlight"), ""))
                .anyMatch(v -> v.contains("'label' is not declared"));
        assertThat(spec.requestViolations("PATCH", "/repos/o/r/issues/7", Map.of(), "{\"state\": \"done\"}"))
                .anyMatch(v -> v.contains("state"));
        assertThat(spec.requestViolations("DELETE", "/repos/o/r/issues/7", Map.of(), "")).anyMatch(v -> v.contains("no such operation"));
        assertThat(spec.requestViolations("POST", "/repos/o/r/issues", Map.of(), "{\"title\": \"t\", \"labels\": [\"P0\"]}")).isEmpty();
    }

    @Test
    void theDraftBodyCarriesWhyEvidenceImpactAndTheRun() throws Exception {
        SavedReport report = twoRootCauses("staging", closedCache);
        IssueDraft db = IssueDrafter.drafts(report).stream().filter(d -> d.service().equals("db")).findFirst().orElseThrow();

        String body = DraftBody.render(db, Map.of());

        assertThat(body).contains("### Why").contains("### Evidence").contains("`db.reachable`: FAIL `CONNECTION_REFUSED`")
                .contains("### Impact").contains("Golden path blocked: no").contains("### Run").contains("Environment: staging")
                .contains("(also depends on another root cause, fingerprint `");
    }
}
