package dev.greenlight.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One body per format, in the shape each format's documentation shows. */
class HealthParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            generic | {"status": "degraded", "service": "frontend", "dependencies": {"backend": {"status": "degraded", "error": "The operation was aborted due to timeout"}, "auth": {"status": "degraded"}}} | DEGRADED | backend | DEGRADED
            spring | {"status": "DOWN", "components": {"db": {"status": "DOWN", "details": {"error": "Connection refused"}}, "diskSpace": {"status": "UP"}}} | UNHEALTHY | db | UNHEALTHY
            ietf | {"status": "warn", "checks": {"postgres:responseTime": [{"status": "warn", "observedValue": 250, "output": "slow"}]}} | DEGRADED | postgres | DEGRADED
            microprofile | {"status": "DOWN", "checks": [{"name": "database", "status": "DOWN"}]} | UNHEALTHY | database | UNHEALTHY
            aspnet | {"status": "Unhealthy", "entries": {"redis": {"status": "Unhealthy", "description": "timeout"}}} | UNHEALTHY | redis | UNHEALTHY
            graphql | {"errors": [{"message": "connect ECONNREFUSED", "path": ["me", "orders", 0]}], "data": {"me": null}} | UNHEALTHY | me.orders.0 | UNHEALTHY
            graphql | {"errors": [{"message": "Syntax Error: Unexpected Name"}]} | UNHEALTHY | query | UNHEALTHY
            generic | {"status": "UP", "errors": [{"message": "a warning logged"}], "dependencies": {"db": {"status": "UP"}}} | HEALTHY | db | HEALTHY
            """)
    void eachFormatGivesTheStatusAndItsFirstDependency(String format, String body, HealthReport.Status status, String dependency,
                                                        HealthReport.Status dependencyStatus) {
        HealthReport report = HealthParser.parse(body);

        assertThat(report.format()).isEqualTo(format);
        assertThat(report.status()).isEqualTo(status);
        assertThat(report.dependencies().get(0).path()).isEqualTo(dependency);
        assertThat(report.dependencies().get(0).status()).isEqualTo(dependencyStatus);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"status": "starting", "startup_phase": "DATABASE", "startup_complete": false, "emergency_mode": false} | STARTING | DATABASE | false
            {"status": "unhealthy", "startup_phase": "CACHE", "startup_complete": false, "emergency_mode": true} | UNHEALTHY | CACHE | true
            """)
    void startupFieldsAreKept(String body, HealthReport.Status status, String phase, boolean emergency) {
        HealthReport report = HealthParser.parse(body);

        assertThat(report.status()).isEqualTo(status);
        assertThat(report.startupPhase()).isEqualTo(phase);
        assertThat(report.startupComplete()).isFalse();
        assertThat(report.emergencyMode()).isEqualTo(emergency);
    }

    @org.junit.jupiter.api.Test
    void kubernetesReadyzVerboseLinesAreDependencies() {
        HealthReport report = HealthParser.parse("[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n"
                + "[+]poststarthook/start-informers ok\nreadyz check failed\n");

        assertThat(report.format()).isEqualTo("kubernetes");
        assertThat(report.status()).isEqualTo(HealthReport.Status.UNHEALTHY);
        assertThat(report.dependencies()).hasSize(4);
        assertThat(report.dependencies().get(2)).isEqualTo(new HealthReport.Dependency("etcd",
                HealthReport.Status.UNHEALTHY, "failed: reason withheld"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json
            <html>down</html>
            """)
    void aBodyThatIsNoHealthDocumentSaysNothing(String body) {
        assertThat(HealthParser.parse(body)).isEqualTo(HealthReport.NONE);
    }

    /** Bodies that say how the service is in the other ways real endpoints do: words, flags, plain text. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"healthy": false}                        | UNHEALTHY
            {"ok": false, "error": "db"}              | UNHEALTHY
            {"status": false}                         | UNHEALTHY
            {"up": false}                             | UNHEALTHY
            {"alive": false}                          | UNHEALTHY
            {"success": false, "message": "db down"}  | UNHEALTHY
            {"healthy": true, "ready": false}         | UNHEALTHY
            {"status": "critical"}                    | UNHEALTHY
            {"status": "red", "cluster_name": "es"}   | UNHEALTHY
            {"status": "NOT_SERVING"}                 | UNHEALTHY
            {"status": "maintenance"}                 | UNHEALTHY
            {"health": "DOWN"}                        | UNHEALTHY
            {"status": "yellow"}                      | DEGRADED
            {"status": "initializing"}                | STARTING
            DOWN                                      | UNHEALTHY
            unhealthy                                 | UNHEALTHY
            NOT OK                                    | UNHEALTHY
            OK                                        | HEALTHY
            {"healthy": true}                         | HEALTHY
            {"status": "passing"}                     | HEALTHY
            {"status": 0}                             | UNKNOWN
            pong                                      | UNKNOWN
            {"data": {"status": "DOWN"}}              | UNKNOWN
            """)
    void whatABodySaysInWordsFlagsOrPlainText(String body, HealthReport.Status status) {
        assertThat(HealthParser.parse(body).status()).isEqualTo(status);
    }

    @Test
    void aBodyOfControlCharactersIsNoHealthBodyNotACrash() {
        // regression: a body of NULs (a decompressed gzip bomb, a broken server) is blank to trim() but not to isBlank()
        assertThat(HealthParser.parse("\0\0\0")).isEqualTo(HealthReport.NONE);
        assertThat(HealthParser.parse(" \u0001 ")).isEqualTo(HealthReport.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"status": "ok", "version": "1.4.2", "commit": "3f9a2c1"}                                   | version=1.4.2, commit=3f9a2c1
            {"status": "ok", "app_version": 7, "GIT-SHA": "3f9a2c1"}                                   | app_version=7, GIT-SHA=3f9a2c1
            {"git": {"commit": {"id": {"abbrev": "3f9a2c1", "full": "3f9a2c1e5b"}}}, "build": {"version": "1.4.2"}} | git.commit.id.abbrev=3f9a2c1, git.commit.id.full=3f9a2c1e5b, build.version=1.4.2
            {"status": "UP", "components": {"db": {"status": "UP", "details": {"version": "15.4"}}}}    | ''
            {"status": "ok", "id": {"full": "3f9a2c1"}, "uptime": {"version": "1"}, "version": ""}    | ''
            {"status": "ok", "build": {"version": {"major": 1}}}                                        | ''
            """)
    void theVersionsABodyStatesAreKeptByTheirPathNotItsDependencies(String body, String versions) {
        assertThat(HealthParser.parse(body).versions().toString()).isEqualTo("{" + versions + "}");
    }

    @org.junit.jupiter.api.Test
    void errorsThatAreNotAGraphqlAnswersAreNotReadAsOne() {
        assertThat(HealthParser.parse("{\"data\": {\"orders\": []}, \"errors\": []}").status()).isEqualTo(HealthReport.Status.UNKNOWN);
        assertThat(HealthParser.parse("{\"errors\": [{\"status\": \"422\", \"title\": \"Invalid\"}]}").format())
                .as("JSON:API's errors have no message").isNotEqualTo("graphql");
    }
}
