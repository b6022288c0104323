package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify --on-no-go}: the rollback a pipeline wires to the gate, called once on NO-GO and never on INCONCLUSIVE. */
class RollbackHookIT {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    @TempDir
    Path dir;

    private Path plan(String path, String canary) throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, """
                environment: staging
                %s
                services:
                  api: { url: "%s", checks: { login: { http: { path: "%s", method: POST, body: "${API_TOKEN}" } } } }
                """.formatted(canary, server.url(""), path));
        return config;
    }

    private String hook() {
        return "cat > " + dir.resolve("stdin.json") + "; env | grep ^GREENLIGHT_ | sort > " + dir.resolve("env.txt")
                + "; echo rolled back with token=$API_TOKEN";
    }

    @Test
    void aNoGoCallsTheHookOnceWithTheVerdictRootCausesAndReport() throws Exception {
        Map<String, String> env = Map.of("API_TOKEN", "tok-rollback-1234");

        Cli.Result r = Cli.run(env, "verify", "-c", plan("/unavailable-release", "").toString(), "-q", "--on-no-go", hook());

        assertThat(r.exitCode()).as("the exit code stays the verdict's").isEqualTo(1);
        assertThat(Files.readString(dir.resolve("env.txt"))).contains("GREENLIGHT_VERDICT=NO-GO\n")
                .contains("GREENLIGHT_VERSIONS=api=1.4.2\n")
                .contains("GREENLIGHT_ENVIRONMENT=staging\n").contains("GREENLIGHT_EXIT_CODE=1\n").contains("GREENLIGHT_ROOT_CAUSES=api:");
        assertThat(new ObjectMapper().readTree(dir.resolve("stdin.json").toFile()).get("verdict").asText()).isEqualTo("NO-GO");
        assertThat(r.stderr()).contains("on-no-go: rolled back with token=****").contains("--on-no-go exited 0 after ")
                .doesNotContain("tok-rollback-1234");
    }

    @Test
    void theCallIsKeptInTheHistoryBesideItsRunWithItsExitCodeAndItsOutputMasked() throws Exception {
        Map<String, String> env = Map.of("API_TOKEN", "tok-rollback-1234");
        String store = "sqlite:" + dir.resolve("history.db");

        Cli.Result r = Cli.run(env, "verify", "-c", plan("/unavailable", "").toString(), "-q", "--store", store,
                "--on-no-go", "echo rolling back; echo token=$API_TOKEN >&2; exit 3");
        Cli.Result history = Cli.run(Map.of(), "history", "--store", store, "--format", "json");
        Cli.Result text = Cli.run(Map.of(), "history", "--store", store);

        assertThat(r.exitCode()).as("a failed hook does not change the verdict's exit code").isEqualTo(1);
        var calls = new ObjectMapper().readTree(history.stdout()).get("hook_calls");
        assertThat(calls).hasSize(1);
        var call = calls.get(0);
        assertThat(call.get("run").asLong()).as("the run it was called for").isPositive();
        assertThat(call.get("hook").asText()).startsWith("--on-no-go: echo rolling back");
        assertThat(call.get("outcome").asText()).isEqualTo("exited 3");
        assertThat(call.get("exit_code").asInt()).isEqualTo(3);
        assertThat(call.get("succeeded").asBoolean()).isFalse();
        assertThat(call.get("output").asText()).isEqualTo("rolling back\ntoken=****\n");
        assertThat(history.stdout() + text.stdout()).doesNotContain("tok-rollback-1234");
        assertThat(text.stdout()).contains("rollback hook calls:").contains(": exited 3 after ").contains("FAILED");
    }

    @Test
    void goAndInconclusiveNeverCallIt() throws Exception {
        Map<String, String> env = Map.of("API_TOKEN", "tok-rollback-1234");

        Cli.Result go = Cli.run(env, "verify", "-c", plan("/ok", "").toString(), "-q", "--on-no-go", hook());
        Cli.Result blind = Cli.run(env, "verify", "-c", plan("/unavailable", "canary: \"http://127.0.0.1:" + TestServer.closedPort() + "/\"")
                .toString(), "-q", "--on-no-go", hook());

        assertThat(go.exitCode()).isZero();
        assertThat(blind.exitCode()).isEqualTo(4);
        assertThat(blind.stderr()).contains("--on-no-go not called: the verdict is INCONCLUSIVE");
        assertThat(dir.resolve("env.txt")).doesNotExist();
    }

    @Test
    void aHookThatHangsIsStopped() throws Exception {
        Cli.Result r = Cli.run(Map.of("API_TOKEN", "tok-rollback-1234"), "verify", "-c", plan("/unavailable", "").toString(), "-q",
                "--on-no-go", "sleep 30", "--on-no-go-timeout", "1s");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("--on-no-go did not finish within 1s and was stopped");
    }

    @Test
    void theConfigsOnNoGoRunsItsCommandWithoutAShellAndTheCommandLineWins() throws Exception {
        Path config = dir.resolve("with-hook.yaml");
        Path args = dir.resolve("args.txt");
        Files.writeString(config, """
                environment: staging
                on_no_go: { exec: ["sh", "%s", "two words", "$NOT_EXPANDED"], timeout: 10s }
                services: { api: { url: "%s", checks: { health: { http: /unavailable } } } }
                """.formatted(script("printf '%s|' \"$@\" > " + args + "; cat > " + dir.resolve("stdin.json")), server.url("")));

        Cli.Result r = Cli.run(Map.of(), "verify", "-c", config.toString(), "-q");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        // argv as written: no shell splits "two words" or expands $NOT_EXPANDED
        assertThat(Files.readString(args)).isEqualTo("two words|$NOT_EXPANDED|");
        assertThat(new ObjectMapper().readTree(dir.resolve("stdin.json").toFile()).get("verdict").asText()).isEqualTo("NO-GO");

        Files.delete(args);
        Cli.Result overridden = Cli.run(Map.of(), "verify", "-c", config.toString(), "-q", "--on-no-go", "echo from the command line");
        assertThat(overridden.stderr()).contains("on-no-go: from the command line");
        assertThat(args).doesNotExist();
    }

    @Test
    void theConfigsOnNoGoWebhookGetsTheReportSignedThroughTheEnvironmentsProxy() throws Exception {
        java.util.List<String[]> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            got.add(new String[] {ex.getRequestHeaders().getFirst("X-Greenlight-Signature-256"),
                    new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    String.valueOf(ex.getRequestHeaders().getFirst("Via"))});
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        receiver.start();
        Files.createDirectories(dir.resolve("proxy"));
        try (Tinyproxy proxy = new Tinyproxy(dir.resolve("proxy"), null, null)) {
            Path config = dir.resolve("with-webhook.yaml");
            Files.writeString(config, """
                    environment: staging
                    on_no_go: { webhook: "http://127.0.0.1:%d/rollback", secret: "${ROLLBACK_SECRET}" }
                    services: { api: { url: "%s", checks: { health: { http: /unavailable } } } }
                    """.formatted(receiver.getAddress().getPort(), server.url("")));
            // the probes reach the service directly (NO_PROXY), the webhook goes out through the runner's proxy
            Cli.Result r = Cli.run(Map.of("ROLLBACK_SECRET", "rb-secret-5150", "HTTP_PROXY", proxy.url(),
                    "NO_PROXY", java.net.URI.create(server.url("")).getAuthority()), "verify", "-c", config.toString(), "-q");
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
            assertThat(got).hasSize(1);
            assertThat(new ObjectMapper().readTree(got.get(0)[1]).get("verdict").asText()).isEqualTo("NO-GO");
            Path body = dir.resolve("body.json");
            Files.writeString(body, got.get(0)[1]);
            Process openssl = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", "rb-secret-5150", "-r", body.toString()).start();
            String expected = new String(openssl.getInputStream().readAllBytes()).split(" ")[0].trim();
            assertThat(got.get(0)[0]).isEqualTo("sha256=" + expected);
            assertThat(got.get(0)[2]).contains("tinyproxy");
            assertThat(r.stderr()).contains("on_no_go webhook 127.0.0.1:" + receiver.getAddress().getPort() + " answered HTTP 202")
                    .doesNotContain("rb-secret-5150");
        } finally {
            receiver.stop(0);
        }
    }

    private Path script(String body) throws Exception {
        Path script = dir.resolve("hook.sh");
        Files.writeString(script, body + "\n");
        return script;
    }
}
