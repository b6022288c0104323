package dev.greenlight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of(
            "E2E_CLIENT_ID", "client-42",
            "E2E_CLIENT_SECRET", "canary-secret-7f3a",
            "API_TOKEN", "tok-9d2e-canary",
            "HOST", "127.0.0.1");

    private final ConfigLoader loader = new ConfigLoader(ENV::get);

    /** The sketch of DESIGN.md, word for word: it must load as written. */
    private static final String DESIGN_SKETCH = """
            environment: staging
            settle: 3m                 # how long services may take to become ready after a deploy
            auth:
              e2e-user:
                token_url: https://auth.staging.example.com/token
                client_id: ${E2E_CLIENT_ID}
                client_secret: ${E2E_CLIENT_SECRET}     # secrets come from the environment and are redacted everywhere
            services:
              postgres: { checks: { reachable: { postgres: "10.0.0.3:5432" } } }
              backend:
                url: https://api.staging.example.com
                depends_on: [postgres, redis]
                impact: { priority: P0, note: "chat golden path", arr_at_risk: 500000 }
                checks:
                  health: { http: /health, expect: ["[STATUS] == 200", "[RESPONSE_TIME] < 10s", "[BODY].status == healthy"] }
              redis: { checks: { reachable: { tcp: "10.0.0.4:6379" } } }
              auth: { url: https://auth.staging.example.com, checks: { health: { http: /health } } }
              websocket:
                url: wss://api.staging.example.com/ws
                depends_on: [backend, auth]
                checks:
                  agent-events:
                    auth: e2e-user
                    websocket:
                      send: '{"type": "user_message", "text": "ping"}'
                      expect: [agent_started, agent_thinking, tool_executing, tool_completed, {event: agent_completed, within: 120s}]
            phases:
              - { name: infrastructure, checks: [backend.health, auth.health, postgres.reachable], min_pass_rate: 90%, abort_on_miss: true }
              - { name: golden-path, checks: [websocket.agent-events], min_pass_rate: 100% }
            """;

    @Test
    void designSketchLoadsAsWritten() throws ConfigException {
        GreenlightConfig config = loader.parse("greenlight.yaml", DESIGN_SKETCH);

        assertThat(config.environment()).isEqualTo("staging");
        assertThat(config.settle()).isEqualTo(Duration.ofMinutes(3));
        assertThat(config.services()).containsOnlyKeys("postgres", "backend", "redis", "auth", "websocket");
        assertThat(config.services().get("backend").dependsOn()).containsExactly("postgres", "redis");
        assertThat(config.services().get("backend").impact()).isEqualTo(new Impact("P0", "chat golden path", 500000));
        assertThat(config.services().get("websocket").checks().get("agent-events").probe()).isEqualTo("websocket");
        assertThat(config.services().get("websocket").checks().get("agent-events").auth()).contains("e2e-user");
        assertThat(config.phases()).extracting(PhaseConfig::name).containsExactly("infrastructure", "golden-path");
        assertThat(config.phases().get(0).minPassRate()).isEqualTo(0.9);
        assertThat(config.phases().get(0).abortOnMiss()).isTrue();
        assertThat(config.auth().get("e2e-user").clientId()).isEqualTo("client-42");
        assertThat(config.auth().get("e2e-user").kind()).isEqualTo(AuthSource.Kind.CLIENT_CREDENTIALS);
    }

    @Test
    void secretsFromTheEnvironmentAreRedactedAndUrlsAreNot() throws ConfigException {
        GreenlightConfig config = loader.parse("greenlight.yaml", DESIGN_SKETCH);

        String text = "posting canary-secret-7f3a to https://auth.staging.example.com/token as client-42";
        assertThat(config.secrets().redact(text))
                .isEqualTo("posting **** to https://auth.staging.example.com/token as client-42");
    }

    @Test
    void headerValuesUnderSecretNamesAreSecrets() throws ConfigException {
        GreenlightConfig config = loader.parse("g.yaml", """
                services:
                  api:
                    url: http://${HOST}:8080
                    checks:
                      me: { http: { path: /me, headers: { Authorization: "Bearer ${API_TOKEN}", X-Trace: on } } }
                """);

        assertThat(config.secrets().redact("sent Bearer tok-9d2e-canary")).isEqualTo("sent ****");
        assertThat(config.services().get("api").url()).contains("http://127.0.0.1:8080");
    }

    @Test
    void aSecretVariableIsSecretEvenInsideAUrl() throws ConfigException {
        GreenlightConfig config = loader.parse("g.yaml", """
                services:
                  api: { url: "http://${HOST}:8080/?key=${API_TOKEN}", checks: {} }
                """);

        assertThat(config.secrets().redact(config.services().get("api").url().get()))
                .isEqualTo("http://127.0.0.1:8080/?key=****");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://${HOST}:1                 | http://127.0.0.1:1
            ${UNSET_FOR_TEST:-fallback}      | fallback
            ${HOST:-other}                   | 127.0.0.1
            a $${HOST} b                     | a ${HOST} b
            ${HOST}-${E2E_CLIENT_ID}         | 127.0.0.1-client-42
            """)
    void interpolatesFromTheEnvironment(String written, String expected) throws ConfigException {
        GreenlightConfig config = loader.parse("g.yaml", "environment: \"" + written + "\"\nservices: { a: { checks: {} } }\n");

        assertThat(config.environment()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is secret: {1}")
    @CsvSource({
        "client_secret,true", "password,true", "token,true", "X-Api-Key,true", "Authorization,true",
        "api_key,true", "private_key,true", "db-password,true", "token_url,false", "client_id,false",
        "url,false", "username,false", "password_file,false", "environment,false"})
    void secretKeysAreRecognised(String key, boolean secret) {
        assertThat(Secrets.isSecretKey(key)).isEqualTo(secret);
    }

    /** A config as {@code init} writes it: each address is a variable with a default on this machine. */
    private static final String INIT_STYLE = """
            services:
              api:
                url: "${API_URL:-http://127.0.0.1:8080}"
                checks: { health: { http: /health } }
              db: { checks: { reachable: { postgres: "${DB_ADDRESS:-[::1]:5432}" } } }
            """;

    private static GreenlightConfig probe(Map<String, String> env, String yaml) throws ConfigException {
        return new ConfigLoader(env::get).probing().parse("greenlight.yaml", yaml);
    }

    @Test
    void inCiADefaultThatNamesThisMachineIsRefusedAtItsPlaceWhenTheConfigIsReadToProbe() {
        assertThatThrownBy(() -> probe(Map.of("CI", "true"), INIT_STYLE)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("greenlight.yaml:3:10: 'url' is http://127.0.0.1:8080, the default of "
                        + "${API_URL:-http://127.0.0.1:8080}, because API_URL is not set: in CI (CI=true) that checks this "
                        + "machine, not the deployment; set API_URL");
        assertThatThrownBy(() -> probe(Map.of("JENKINS_URL", "https://ci.example.com/", "API_URL", "https://api.example.com"),
                INIT_STYLE)).hasMessageContaining("'postgres' is [::1]:5432").hasMessageContaining("(JENKINS_URL)");
        assertThatThrownBy(() -> probe(Map.of("CI", "1", "API_URL", "", "DB_ADDRESS", "10.0.0.3:5432"), INIT_STYLE))
                .hasMessageContaining("because API_URL is empty");
        assertThatThrownBy(() -> probe(Map.of("CI", "true", "API_URL", "https://api.example.com"), """
                services:
                  db: { checks: { reachable: { tcp: "${DB_HOST:-localhost}:5432" } } }
                """)).hasMessageContaining("'tcp' is localhost:5432");
    }

    @Test
    void aDefaultOnThisMachineStandsOutsideCiWhenSetWhenOnlyCheckedAndWhenItNamesAnotherMachine() throws ConfigException {
        Map<String, String> ci = Map.of("CI", "true");

        assertThat(probe(Map.of(), INIT_STYLE).services().get("api").url()).contains("http://127.0.0.1:8080");
        assertThat(probe(Map.of("CI", "false"), INIT_STYLE).services()).hasSize(2);
        assertThat(new ConfigLoader(ci::get).parse("greenlight.yaml", INIT_STYLE).services()).hasSize(2); // validate
        assertThat(probe(Map.of("CI", "true", "API_URL", "http://127.0.0.1:9000", "DB_ADDRESS", "127.0.0.1:5432"),
                INIT_STYLE).services().get("api").url()).contains("http://127.0.0.1:9000");
        assertThat(probe(ci, """
                services:
                  api: { url: "${API_URL:-https://api.staging.example.com}", checks: { health: { http: /health } } }
                  web: { url: "http://127.0.0.1:3000", checks: { home: { http: / } } }
                  local: { url: "http://127.0.0.1:${PORT:-8080}", checks: { home: { http: / } } }
                """).services()).hasSize(3);
    }

    @Test
    void aMessageNeverQuotesASecret() {
        assertThatThrownBy(() -> loader.parse("g.yaml", """
                auth:
                  robot: { token: "${API_TOKEN}", username: tok-9d2e-canary }
                services: { a: { checks: {} } }
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("tok-9d2e-canary")
                .hasMessageContaining("g.yaml:2:");
    }

    @Test
    void missingFileIsAConfigErrorNamingTheFile() {
        assertThatThrownBy(() -> loader.load(java.nio.file.Path.of("does-not-exist.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("does-not-exist.yaml: configuration file not found");
    }

    @Test
    void extensionKeysHoldAnchorsAndAreIgnored() throws ConfigException {
        GreenlightConfig config = loader.parse("g.yaml", """
                x-health: &health { http: /health, expect: ["[STATUS] == 200"] }
                services:
                  a: { url: "http://127.0.0.1:1", checks: { health: *health } }
                  b: { url: "http://127.0.0.1:2", checks: { health: *health } }
                """);

        assertThat(config.services().get("b").checks().get("health").expect()).hasSize(1);
    }

    @Test
    void aConfigSavedInLatin1IsRefusedAtItsFirstByteThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("latin1.yaml");
        Files.write(config, "services:\n  caf\u00e9:\n    checks: { port: { tcp: \"127.0.0.1:1\" } }\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> loader.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage(config + ":2:6: byte 0xE9 is not UTF-8; expected the file in UTF-8 (it may be saved as Latin-1 or "
                        + "Windows-1252)");
    }

    @Test
    void theSizeHintCountsEveryServicesChecksAndTheConcurrencyBeforeTheConfigIsRead() throws Exception {
        java.util.List<int[]> told = new java.util.ArrayList<>();
        ConfigLoader sized = loader.whenSized((concurrency, checks, plainHttp) -> told.add(new int[] {concurrency, checks, plainHttp}));

        sized.parse("a.yaml", """
                concurrency: 7
                auth: { user: { token_url: "http://127.0.0.1:3/token", client_id: a, client_secret: b } }
                services:
                  api: { url: "http://127.0.0.1:1", checks: { health: { http: /h }, ready: { http: /r, auth: user } } }
                  db: { checks: { port: { tcp: "127.0.0.1:5432" } } }
                  cache: { url: "http://127.0.0.1:2" }
                """);
        sized.parse("b.yaml", """
                services:
                  api:
                    checks:
                      v4: { http: "http://127.0.0.1:1/h" }
                      v6: { http: { url: "http://[::1]:1/h" } }
                      name: { http: "http://localhost:1/h" }
                      tls: { http: "https://127.0.0.1:1/h" }
                      ws: { websocket: { url: "ws://127.0.0.1:1/ws", expect: [hello] } }
                      wss: { websocket: { url: "wss://127.0.0.1:1/ws", expect: [hello] } }
                """);
        sized.parse("c.yaml", """
                services:
                  chat:
                    url: "http://127.0.0.1:1/ws"
                    checks:
                      stream: { websocket: { send: hi, expect: [hello] } }
                      short: { websocket: { path: /events, expect: [hello] } }
                      health: { http: { path: /health, method: HEAD } }
                      port: { tcp: "127.0.0.1:1" }
                  secure:
                    url: "wss://127.0.0.1:1/ws"
                    checks: { stream: { websocket: { expect: [hello] } } }
                """);

        // plain http and ws without auth: the checks that wait on the I/O loop rather than a thread; a websocket without
        // a url and a path in a map take their service's url, as their probes do
        assertThat(told).containsExactly(new int[] {7, 3, 1}, new int[] {GreenlightConfig.DEFAULT_CONCURRENCY, 6, 4},
                new int[] {GreenlightConfig.DEFAULT_CONCURRENCY, 5, 3});
    }
}
