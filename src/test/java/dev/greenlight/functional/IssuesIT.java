package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greenlight issues} as users run it: the dry run's files, bad input, and filing on a GitHub on loopback. */
class IssuesIT {

    private static final String TOKEN = "ghp_cli_token_9f8e7d6c5b4a";
    private static TestServer server;
    private static int closed;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        closed = TestServer.closedPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private Path report() throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, """
                environment: staging
                services:
                  db: { checks: { reachable: { tcp: "127.0.0.1:%d" } } }
                  api: { url: "%s", depends_on: [db], checks: { health: { http: /unavailable } } }
                """.formatted(closed, server.url("")), StandardCharsets.UTF_8);
        Path json = dir.resolve("run.json");
        Cli.Result run = Cli.run(Map.of(), "verify", "-c", config.toString(), "-q", "--format", "json", "-o", json.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        return json;
    }

    @Test
    void theDryRunWritesOneDraftPerRootCauseAndAnIndexAndFilesNothing() throws Exception {
        Path json = report();
        Path out = dir.resolve("drafts");
        Files.createDirectories(out);
        Files.writeString(out.resolve("07-old-0123456789abcdef.md"), "a draft of an earlier run");

        Cli.Result r = Cli.run(Map.of(), "issues", json.toString(), "--out", out.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("1 draft (one per root cause)").contains("nothing filed");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .hasSize(2).contains("index.json").anyMatch(n -> n.matches("01-db-[0-9a-f]{16}\\.md"));
        }
        JsonNode index = new ObjectMapper().readTree(out.resolve("index.json").toFile());
        JsonNode draft = index.get("drafts").get(0);
        assertThat(draft.get("title").asText()).startsWith("[staging] db: ").endsWith("(CONNECTION_REFUSED)");
        assertThat(draft.get("cascades")).extracting(JsonNode::asText).containsExactly("api");
        String md = Files.readString(out.resolve(draft.get("file").asText()));
        assertThat(md).startsWith("# " + draft.get("title").asText())
                .contains("<!-- greenlight:fingerprint=" + draft.get("fingerprint").asText() + " environment=staging -->")
                .contains("- [ ] **api**").contains("Reproduce: `greenlight verify -c ");
    }

    @Test
    void publishingWithoutARepositoryOrTokenIsBadUsageNamingWhatToSet() throws Exception {
        Path json = report();

        Cli.Result noRepo = Cli.run(Map.of("GITHUB_TOKEN", TOKEN, "GITHUB_REPOSITORY", ""), "issues", json.toString(), "--publish", "github");
        Cli.Result noToken = Cli.run(Map.of("GITHUB_TOKEN", ""), "issues", json.toString(), "--publish", "github", "--repo", "o/r");

        assertThat(noRepo.exitCode()).isEqualTo(64);
        assertThat(noRepo.stderr()).contains("--publish github needs --repo OWNER/NAME (or GITHUB_REPOSITORY)");
        assertThat(noToken.exitCode()).isEqualTo(64);
        assertThat(noToken.stderr()).contains("set GITHUB_TOKEN");
    }

    @Test
    void aReportThatIsNotGreenlightsIsAConfigurationError() throws Exception {
        Path junit = dir.resolve("TEST-x.xml");
        Files.writeString(junit, "<testsuite/>");

        Cli.Result r = Cli.run(Map.of(), "issues", junit.toString());

        assertThat(r.exitCode()).isEqualTo(78);
        assertThat(r.stderr()).contains(junit + ":1:").contains("not JSON").doesNotContain("\tat ");
    }

    @Test
    void publishingTwiceFilesOnceAndNeverPrintsTheToken() throws Exception {
        Path json = report();
        try (GitHubFake github = new GitHubFake(TOKEN, 100)) {
            Map<String, String> env = Map.of("GITHUB_TOKEN", TOKEN, "GITHUB_API_URL", github.url());

            Cli.Result first = Cli.run(env, "issues", json.toString(), "--publish", "github", "--repo", "octokit-fixture-org/x");
            Cli.Result second = Cli.run(env, "issues", json.toString(), "--publish", "github", "--repo", "octokit-fixture-org/x");

            assertThat(first.exitCode()).isZero();
            assertThat(first.stdout()).contains("created: #1 [staging] db: ").contains("1 root cause, 1 created, 0 commented, 0 closed, 2 GitHub requests");
            assertThat(second.exitCode()).isZero();
            assertThat(second.stdout()).contains("unchanged: #1").contains("0 created, 0 commented, 0 closed, 1 GitHub requests");
            assertThat(github.issues()).hasSize(1);
            assertThat(github.violations()).isEmpty();
            for (Cli.Result r : new Cli.Result[] {first, second}) {
                assertThat(r.stdout() + r.stderr()).doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void githubRefusingPartOfTheWorkExitsSeventyFiveAndSaysWhatWasNotFiled() throws Exception {
        Path json = report();
        try (GitHubFake github = new GitHubFake(TOKEN, 100)) {
            github.failAt(2, 403, Map.of(), "Resource not accessible by personal access token");

            Cli.Result r = Cli.run(Map.of("GITHUB_TOKEN", TOKEN, "GITHUB_API_URL", github.url()), "issues", json.toString(),
                    "--publish", "github", "--repo", "octokit-fixture-org/x");

            assertThat(r.exitCode()).isEqualTo(75);
            assertThat(r.stdout()).contains("NOT filed: [staging] db: ");
            assertThat(r.stderr()).contains("HTTP 403: Resource not accessible by personal access token")
                    .contains("run the same command again").doesNotContain(TOKEN);
            assertThat(github.issues()).isEmpty();
        }
    }
}
