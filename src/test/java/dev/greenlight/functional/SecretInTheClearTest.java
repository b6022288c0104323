package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A secret the gate itself sends where anyone on the network path can read it: said in the diagnosis, never the secret
 * itself. {@code backend.greenlight.test} is a name of the test resolver for 127.0.0.1: by its name, not this machine.
 */
class SecretInTheClearTest {

    private static final String NAMED = "backend.greenlight.test";

    @Test
    void aTokenOrAClientSecretOverPlainHttpToAnotherHostIsNotedAndOverLoopbackOrHttpsItIsNot() throws Exception {
        try (TestServer server = new TestServer(); RealServers.Redis redis = new RealServers.Redis("redis-secret-77")) {
            String named = server.url("").replace("127.0.0.1", NAMED);
            RunResult run = Runs.run("""
                    auth:
                      e2e-user: { token_url: "%s/token", client_id: e2e, client_secret: "${SECRET}" }
                    services:
                      api:
                        url: %s
                        checks:
                          token: { http: /needs-token, auth: e2e-user }
                          key: { http: { path: /ok, headers: { X-Api-Key: "${API_KEY}" } } }
                          open: { http: /ok }
                      local:
                        url: %s
                        checks:
                          token: { http: /needs-token, auth: e2e-user }
                      cache:
                        checks:
                          named: { redis: { address: "%s:%d", password: "${REDIS_PASSWORD}" } }
                          local: { redis: { address: "127.0.0.1:%d", password: "${REDIS_PASSWORD}" } }
                    """.formatted(named, named, server.url(""), NAMED, redis.port, redis.port),
                    Map.of("SECRET", "right-secret", "API_KEY", "key-4d1f8a", "REDIS_PASSWORD", "redis-secret-77"));

            assertThat(run.verdict()).as("the checks themselves pass: this is a note, not a failure").isEqualTo(Verdict.GO);
            List<String> notes = Diagnoser.diagnose(run).notes();
            assertThat(notes).contains(
                    "auth.e2e-user: its client secret goes over plain http to " + NAMED
                            + " (https:// encrypts it); anyone on the network path can read it",
                    "api.token: its bearer token goes over plain http to " + NAMED
                            + " (https:// encrypts it); anyone on the network path can read it",
                    "api.key: its X-Api-Key header goes over plain http to " + NAMED
                            + " (https:// encrypts it); anyone on the network path can read it",
                    "cache.named: its AUTH password goes unencrypted to " + NAMED + ":" + redis.port
                            + " (tls: true encrypts it); anyone on the network path can read it");
            assertThat(notes).as("no credential, or loopback: nothing said").noneMatch(n -> n.startsWith("api.open")
                    || n.startsWith("local.") || n.startsWith("cache.local"));
            assertThat(String.join("\n", notes)).doesNotContain("right-secret", "key-4d1f8a", "redis-secret-77");
        }
    }

    @Test
    void aDatabaseLoginWithoutRequiredTlsAndCredentialHeadersAreTakenFromThePlanAsWritten() throws Exception {
        Plan plan = Runs.plan("""
                services:
                  db:
                    checks:
                      preferred: { postgres: { address: "db.example.com:5432", user: app, password: "${PGPASSWORD}" } }
                      required: { postgres: { address: "db.example.com:5432", user: app, password: "${PGPASSWORD}", tls: true } }
                      local: { postgres: { address: "[::1]:5432", user: app, password: "${PGPASSWORD}" } }
                      handshake: { postgres: "db.example.com:5432" }
                  web:
                    url: http://web.example.com
                    checks:
                      cookie: { http: { path: /, headers: { Cookie: "session=1" } } }
                      userinfo: { http: "http://ops:pw@web.example.com/health" }
                      encrypted: { http: { url: "https://web.example.com/health", headers: { Authorization: "Basic b3BzOnB3" } } }
                      socket: { websocket: { url: "ws://web.example.com/ws", headers: { Authorization: "Bearer x" } } }
                      dev: { http: { url: "http://app.localhost/health", headers: { Authorization: "Basic b3BzOnB3" } } }
                      ten: { http: { url: "http://10.0.0.7/health", headers: { Authorization: "Basic b3BzOnB3" } } }
                """, Map.of("PGPASSWORD", "pg-secret"));

        assertThat(said(plan, "db.preferred")).hasValueSatisfying(s -> assertThat(s)
                .startsWith("its login's password goes to db.example.com:5432 over TLS only if the server offers it"));
        assertThat(said(plan, "db.required")).as("tls: true: TLS required, the certificate checked").isEmpty();
        assertThat(said(plan, "db.local")).as("loopback").isEmpty();
        assertThat(said(plan, "db.handshake")).as("no login, no password").isEmpty();
        assertThat(said(plan, "web.cookie")).hasValue("its Cookie header goes over plain http to web.example.com (https:// encrypts it)");
        assertThat(said(plan, "web.userinfo")).hasValue(
                "the password in its URL goes over plain http to web.example.com (https:// encrypts it)");
        assertThat(said(plan, "web.encrypted")).isEmpty();
        assertThat(said(plan, "web.socket")).hasValue(
                "its Authorization header goes over plain ws to web.example.com (wss:// encrypts it)");
        assertThat(said(plan, "web.dev")).as("*.localhost is this machine (RFC 6761)").isEmpty();
        assertThat(said(plan, "web.ten")).as("a private address is still a network").isPresent();
    }

    private static Optional<String> said(Plan plan, String id) {
        return plan.phases().stream().flatMap(p -> p.checks().stream()).filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id)).secretInTheClear();
    }

}
