package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code greenlight init}: a starter plan from a repository's files that loads, says where it came from, holds no secret. */
class InitIT {

    private static final Path FIXTURES = Path.of("src/test/resources/preflight").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theWrittenPlanLoadsAndNamesWhatItInferredFromWhichFile() throws Exception {
        Path plan = dir.resolve("greenlight.yaml");

        Cli.Result init = Cli.run(Map.of(), "init", FIXTURES.resolve("clean").toString(), "-o", plan.toString());
        Cli.Result validate = Cli.run(Map.of(), "validate", "-c", plan.toString());
        Cli.Result again = Cli.run(Map.of(), "init", FIXTURES.resolve("clean").toString(), "-o", plan.toString());

        assertThat(init.exitCode()).as(init.stderr()).isZero();
        String yaml = Files.readString(plan);
        assertThat(yaml).contains("url: \"${API_URL:-http://127.0.0.1:8080}\"\n    # expected_version: ${GIT_SHA}").contains("depends_on: [db]   # compose depends_on and variables naming them (DATABASE_URL)")
                .contains("health: { http: /ready, expect: [\"[STATUS] == 200\"] }   # the path k8s/api.yaml:")
                .contains("reachable: { postgres: \"${DB_ADDRESS:-127.0.0.1:5432}\" }");
        assertThat(validate.exitCode()).as(validate.stderr()).isZero();
        assertThat(validate.stdout()).contains("phase infrastructure (needs 100%, aborts the run on a miss)")
                .contains("db.reachable").contains("api.health");
        assertThat(again.exitCode()).isEqualTo(64);
        assertThat(again.stderr()).contains("exists; use --force to overwrite it");
    }

    @Test
    void aPoolerInFrontOfTheDatabaseGetsACheckThatLogsInThroughIt() throws Exception {
        Path repo = Files.createDirectory(dir.resolve("repo"));
        Files.writeString(repo.resolve("compose.yaml"), """
                services:
                  db:
                    image: postgres:16
                  pgbouncer:
                    image: edoburu/pgbouncer:1.21.0
                    ports: ["6432:6432"]
                  cache:
                    image: malexer/twemproxy
                """);
        Path plan = dir.resolve("greenlight.yaml");

        Cli.Result init = Cli.run(Map.of(), "init", repo.toString(), "-o", plan.toString());
        Cli.Result validate = Cli.run(Map.of(), "validate", "-c", plan.toString());

        assertThat(init.exitCode()).as(init.stderr()).isZero();
        // a handshake would be answered by the pooler whether the database is up or not (POOLER_ANSWERED)
        assertThat(Files.readString(plan)).contains("reachable: { postgres: { address: \"${PGBOUNCER_ADDRESS:-127.0.0.1:6432}\", "
                        + "database: \"${PGBOUNCER_DATABASE:-postgres}\", user: \"${PGBOUNCER_USER:-postgres}\", "
                        + "password: \"${PGBOUNCER_PASSWORD:-}\", query: \"SELECT 1\" } }")
                .contains("reachable: { postgres: \"${DB_ADDRESS:-127.0.0.1:5432}\" }")
                .contains("reachable: { redis: \"${CACHE_ADDRESS:-127.0.0.1:6379}\" }");
        assertThat(validate.exitCode()).as(validate.stderr()).isZero();
    }

    @Test
    void noSecretValueFromTheManifestsReachesThePlanAndAnEmptyRepositoryIsBadUsage() throws Exception {
        Path plan = dir.resolve("incident.yaml");
        Path empty = Files.createDirectory(dir.resolve("empty"));

        Cli.Result init = Cli.run(Map.of(), "init", FIXTURES.resolve("incident").toString(), "-o", plan.toString());
        Cli.Result nothing = Cli.run(Map.of(), "init", empty.toString(), "-o", dir.resolve("x.yaml").toString());

        assertThat(init.exitCode()).isZero();
        assertThat(Files.readString(plan)).doesNotContain("hunter2").contains("auth:").contains("backend:");
        assertThat(nothing.exitCode()).isEqualTo(64);
        assertThat(nothing.stderr()).contains("no deployment file found");
    }
}
