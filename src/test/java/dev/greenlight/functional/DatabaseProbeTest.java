package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.report.JsonReport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The postgres and redis probes against real PostgreSQL and Redis servers on loopback. */
class DatabaseProbeTest {

    private static RealServers.Postgres postgres;
    private static RealServers.Redis redis;
    private static RealServers.Redis lockedRedis;
    private static TestServer http;

    @BeforeAll
    static void start() throws Exception {
        postgres = new RealServers.Postgres();
        redis = new RealServers.Redis(null);
        lockedRedis = new RealServers.Redis("redis-secret-77");
        http = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
        redis.close();
        lockedRedis.close();
        http.close();
    }

    private static CheckResult check(String probe, Map<String, String> env) throws Exception {
        return Runs.oneProbe(probe, env).checks().get(0);
    }

    private static String login(String database, String password) {
        return "postgres: { address: \"127.0.0.1:%d\", database: %s, user: %s, password: \"%s\" }"
                .formatted(postgres.port, database, RealServers.Postgres.USER, password);
    }

    @Test
    void handshakeWithoutCredentialsProvesPostgresAnswers() throws Exception {
        String logBefore = postgres.log();
        CheckResult c = check("postgres: \"127.0.0.1:" + postgres.port + "\"", Map.of());

        assertThat(c.passed()).isTrue();
        assertThat(c.detail()).startsWith("PostgreSQL accepts connections (it asks for a password: SCRAM-SHA-256)");
        // no password is sent: a check every few seconds must not fill the server's log with failed logins
        Thread.sleep(200);
        assertThat(postgres.log().substring(logBefore.length())).doesNotContain("FATAL").doesNotContain("greenlight");
    }

    @Test
    void postgresAndRedisAreCheckedOnIpv6LoopbackToo() throws Exception {
        CheckResult handshake = check("postgres: \"[::1]:" + postgres.port + "\"", Map.of());
        CheckResult login = check(login("app", "${PGPASSWORD}").replace("127.0.0.1", "[::1]"),
                Map.of("PGPASSWORD", RealServers.Postgres.PASSWORD));
        CheckResult ping = check("redis: \"[::1]:" + redis.port + "\"", Map.of());

        for (CheckResult c : java.util.List.of(handshake, login, ping)) {
            assertThat(c.passed()).as(c.check().id() + ": " + c.detail()).isTrue();
        }
        assertThat(login.observation().body()).isEqualTo("1");
    }

    @Test
    void handshakeAgainstSomethingElseIsAProtocolError() throws Exception {
        CheckResult c = check("postgres: \"127.0.0.1:" + http.plainTextPort() + "\"", Map.of());

        assertThat(c.signature()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
        assertThat(c.detail()).endsWith("but not as PostgreSQL: this port speaks HTTP (HTTP/1.1 400 Bad Request)");
    }

    @Test
    void aDatabaseOrCacheCheckPointedAtAnHttpPortSaysItSpeaksHttpNeverAuthFailed() throws Exception {
        int web = http.plainTextPort(); // answers anything with "HTTP/1.1 400 Bad Request", as nginx does
        CheckResult redisWithPassword = check("redis: { address: \"127.0.0.1:" + web + "\", password: s3cret-pw }", Map.of());
        CheckResult redisPlain = check("redis: \"127.0.0.1:" + web + "\"", Map.of());
        CheckResult postgresLogin = check("postgres: { address: \"127.0.0.1:" + web + "\", database: chat, user: app, "
                + "password: s3cret-pw }", Map.of());

        for (CheckResult c : java.util.List.of(redisWithPassword, redisPlain, postgresLogin)) {
            assertThat(c.signature()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
            assertThat(c.detail()).contains("this port speaks HTTP (HTTP/1.1 400 Bad Request");
        }
    }

    @Test
    void loginAndQueryReportTheQueryLatency() throws Exception {
        CheckResult c = check(login("app", "${PGPASSWORD}"), Map.of("PGPASSWORD", RealServers.Postgres.PASSWORD));

        assertThat(c.passed()).isTrue();
        assertThat(c.observation().body()).isEqualTo("1");
        assertThat(c.observation().latency()).isNotNull();
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() throws Exception {
        assertThat(check(login("app", "nope"), Map.of()).signature()).isEqualTo(FailureSignature.AUTH_FAILED);
    }

    @Test
    void aMissingDatabaseIsNamed() throws Exception {
        assertThat(check(login("no_such_db", RealServers.Postgres.PASSWORD), Map.of()).signature())
                .isEqualTo(FailureSignature.DATABASE_MISSING);
    }

    @Test
    void aFullServerIsTooManyConnections() throws Exception {
        List<Connection> held = new ArrayList<>();
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.port + "/app";
        try {
            for (int i = 0; i < 6; i++) {
                held.add(DriverManager.getConnection(url, RealServers.Postgres.USER, RealServers.Postgres.PASSWORD));
            }
            assertThat(check(login("app", RealServers.Postgres.PASSWORD), Map.of()).signature())
                    .isEqualTo(FailureSignature.TOO_MANY_CONNECTIONS);
            // without a login too: the server refuses the connection before it would ask for a password
            CheckResult loginless = check("postgres: \"127.0.0.1:" + postgres.port + "\"", Map.of());
            assertThat(loginless.signature()).isEqualTo(FailureSignature.TOO_MANY_CONNECTIONS);
            assertThat(loginless.detail()).contains("53300");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void aClosedPortIsRefusedWithAndWithoutCredentials() throws Exception {
        int closed = TestServer.closedPort();

        assertThat(check("postgres: \"127.0.0.1:" + closed + "\"", Map.of()).signature())
                .isEqualTo(FailureSignature.CONNECTION_REFUSED);
        assertThat(check("postgres: { address: \"127.0.0.1:" + closed + "\", user: u, password: p }", Map.of()).signature())
                .isEqualTo(FailureSignature.CONNECTION_REFUSED);
    }

    @Test
    void aProxyWithNoServerBehindItClosingAtOnceIsAResetNotAnotherProtocol() throws Exception {
        int proxy = http.closingPort();
        CheckResult postgresCheck = check("postgres: \"127.0.0.1:" + proxy + "\"", Map.of());
        CheckResult redisCheck = check("redis: \"127.0.0.1:" + proxy + "\"", Map.of());

        assertThat(postgresCheck.signature()).isEqualTo(FailureSignature.CONNECTION_RESET);
        assertThat(postgresCheck.detail()).contains("closed it without an answer");
        assertThat(redisCheck.signature()).isEqualTo(FailureSignature.CONNECTION_RESET);
    }

    @Test
    void aListenerThatNeverAnswersTimesOut() throws Exception {
        CheckResult c = check("postgres: \"127.0.0.1:" + http.silentPort() + "\"", Map.of());
        CheckResult login = check("postgres: { address: \"127.0.0.1:" + http.silentPort() + "\", user: u, password: p }",
                Map.of());

        assertThat(c.signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
        // the driver's read times out, or its own login timeout, which says neither connect nor read: it had connected
        // (its connect times out sooner); which of the two comes first depends on the machine's load
        assertThat(login.signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
    }

    @Test
    void redisPingPongsAndReportsItsLatency() throws Exception {
        CheckResult c = check("redis: \"127.0.0.1:" + redis.port + "\", expect: [\"[LATENCY] < 1s\"]", Map.of());

        assertThat(c.passed()).isTrue();
        assertThat(c.detail()).startsWith("PONG");
    }

    @Test
    void redisNoauthIsALiveServerAndAPasswordLogsIn() throws Exception {
        CheckResult noauth = check("redis: \"127.0.0.1:" + lockedRedis.port + "\"", Map.of());
        CheckResult login = check("redis: { address: \"127.0.0.1:" + lockedRedis.port + "\", password: \"${REDIS_PASSWORD}\" }",
                Map.of("REDIS_PASSWORD", "redis-secret-77"));
        CheckResult wrong = check("redis: { address: \"127.0.0.1:" + lockedRedis.port + "\", password: wrong }", Map.of());

        assertThat(noauth.passed()).isTrue();
        assertThat(noauth.detail()).contains("NOAUTH");
        assertThat(login.passed()).isTrue();
        assertThat(login.detail()).startsWith("PONG");
        assertThat(wrong.signature()).isEqualTo(FailureSignature.AUTH_FAILED);
    }

    @Test
    void redisDownIsRefused() throws Exception {
        assertThat(check("redis: \"127.0.0.1:" + TestServer.closedPort() + "\"", Map.of()).signature())
                .isEqualTo(FailureSignature.CONNECTION_REFUSED);
    }

    @Test
    void databasePasswordsNeverReachTheReport() throws Exception {
        Plan plan = Runs.plan("""
                services:
                  db: { checks: { it: { %s } } }
                """.formatted(login("app", "${PGPASSWORD}")), Map.of("PGPASSWORD", RealServers.Postgres.PASSWORD));

        String json = JsonReport.render(Runs.run(plan), plan.secrets());

        assertThat(json).doesNotContain(RealServers.Postgres.PASSWORD).contains("\"status\" : \"PASS\"");
    }
}
