package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.greenlight.alert.AlertEvent;
import dev.greenlight.alert.Alerter;
import dev.greenlight.alert.Channel;
import dev.greenlight.alert.Outbox;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.config.GreenlightConfig;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.plan.RunClock;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.report.RunContext;
import dev.greenlight.store.RunStore;
import dev.greenlight.watch.WatchMetrics;
import dev.greenlight.watch.WatchState;
import dev.greenlight.watch.Watcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts from a watcher to real receivers on loopback: a webhook that is down (nothing listens) and comes back gets
 * the alert exactly once, signed; a Slack-compatible receiver (through the environment's proxy, a real tinyproxy) and a
 * command get theirs; the all-clear follows the
 * database's return; the webhook's secret is in no body, log line or store row.
 */
class AlertDeliveryTest {

    private static final String SECRET = "hmac-key-\"Zq7<&>";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<HttpServer> receivers = new CopyOnWriteArrayList<>();
    private String retryBase;

    /** One request a receiver got. */
    record Got(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    @BeforeEach
    void quickRetries() {
        retryBase = System.getProperty("greenlight.alerts.retry_base_ms");
        System.setProperty("greenlight.alerts.retry_base_ms", "50");
        System.setProperty("greenlight.alerts.retry_max_ms", "200");
    }

    @AfterEach
    void restore() {
        receivers.forEach(r -> r.stop(0));
        if (retryBase == null) {
            System.clearProperty("greenlight.alerts.retry_base_ms");
        } else {
            System.setProperty("greenlight.alerts.retry_base_ms", retryBase);
        }
        System.clearProperty("greenlight.alerts.retry_max_ms");
    }

    private HttpServer receiver(int port, List<Got> got) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", ex -> {
            got.add(new Got(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        receivers.add(server);
        return server;
    }

    @Test
    void aWebhookThatIsDownGetsTheAlertOnceWhenItComesBackSignedAndTheAllClearFollows() throws Exception {
        int db = TestServer.closedPort();
        int webhookPort = TestServer.closedPort(); // nothing listens there yet: the webhook is down
        List<Got> webhook = new CopyOnWriteArrayList<>();
        List<Got> slack = new CopyOnWriteArrayList<>();
        HttpServer slackServer = receiver(0, slack);
        Path execOut = dir.resolve("exec");
        Files.createDirectories(execOut);
        GreenlightConfig config = new ConfigLoader(Map.of("HOOK_SECRET", SECRET)::get).parse("greenlight.yaml", """
                environment: staging
                services:
                  db: { checks: { port: { tcp: "127.0.0.1:%d" } } }
                alerts:
                  failure_threshold: 2
                  success_threshold: 1
                  send:
                    - webhook: http://127.0.0.1:%d/hooks/greenlight
                      secret: ${HOOK_SECRET}
                    - slack: http://127.0.0.1:%d/services/T000/B000/XXXX
                    - exec: [sh, -c, 'cat > "%s/$GREENLIGHT_ALERT_EVENT-$GREENLIGHT_ALERT_SERVICE.json"']
                """.formatted(db, webhookPort, slackServer.getAddress().getPort(), execOut));
        Plan plan = new PlanBuilder(new HttpTransport()).build(config);
        Path history = dir.resolve("greenlight.db");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("proxy"));
        try (RunStore store = RunStore.open("sqlite:" + history, true); Tinyproxy proxy = new Tinyproxy(dir.resolve("proxy"), null, null)) {
            // the runner reaches the outside through its proxy, except the webhook's host:port (NO_PROXY)
            HttpTransport transport = HttpTransport.withProxiesOf(Map.of("http_proxy", proxy.url(), "no_proxy", "127.0.0.1:" + webhookPort));
            WatchState state = new WatchState(60);
            Alerter alerter = new Alerter(config.alerts(), Optional.of(store), Clock.systemUTC(), new Outbox.Listener() {
                @Override
                public void delivered(Channel channel, AlertEvent event, int attempts) {
                    out.println("delivered " + event.kind() + " to " + channel.describe() + " try " + attempts);
                }

                @Override
                public void failed(Channel channel, AlertEvent event, int attempts, String error, Duration retryIn) {
                    out.println("failed " + event.kind() + " to " + channel.describe() + ": " + error);
                }
            }, out, plan.secrets(), transport);
            Watcher watcher = new Watcher(() -> new PlanRunner(RunClock.system(), ProgressListener.NONE).run(plan), plan.secrets(),
                    RunContext.NONE, Duration.ofMillis(10), Optional.of(store), new WatchMetrics(), state, null, 1, out,
                    Optional.of(alerter));

            watcher.run(3); // NO-GO three times: FIRING once, at the second
            waitFor(() -> slack.size() == 1 && Files.exists(execOut.resolve("firing-db.json")), "slack and exec got FIRING");
            waitFor(() -> log.toString(StandardCharsets.UTF_8).split("failed FIRING to webhook", -1).length > 3,
                    "the webhook was tried several times while down");
            assertThat(webhook).isEmpty();
            assertThat(undelivered(history)).isEqualTo(1);
            assertThat(alerter.pending()).isEqualTo(1);

            receiver(webhookPort, webhook); // the webhook comes back
            waitFor(() -> webhook.size() == 1, "the webhook got the alert once it was back");
            Thread.sleep(300); // a few more retry periods: nothing is sent twice
            assertThat(webhook).hasSize(1);
            assertThat(undelivered(history)).isZero();

            Got firing = webhook.get(0);
            assertThat(firing.path()).isEqualTo("/hooks/greenlight");
            assertThat(firing.header("X-Greenlight-Event")).isEqualTo("firing");
            assertThat(firing.header("Via")).as("NO_PROXY: straight to the webhook").isNull();
            assertThat(slack.get(0).header("Via")).as("through the environment's proxy").contains("tinyproxy");
            assertThat(firing.header("X-Greenlight-Signature-256")).isEqualTo("sha256=" + opensslHmac(SECRET, firing.body()));
            JsonNode body = JSON.readTree(firing.body());
            assertThat(body.path("event").asText()).isEqualTo("firing");
            assertThat(body.path("delivery_id").asText()).isEqualTo(firing.header("X-Greenlight-Delivery"));
            assertThat(body.path("root_cause").path("service").asText()).isEqualTo("db");
            assertThat(body.path("root_cause").path("signature").asText()).isEqualTo("CONNECTION_REFUSED");
            assertThat(body.path("runs").asInt()).isEqualTo(2);
            assertThat(body.path("environment").asText()).isEqualTo("staging");
            assertThat(JSON.readTree(slack.get(0).body()).path("text").asText()).startsWith(":red_circle: [staging] FIRING db: ")
                    .contains("(CONNECTION_REFUSED), 2 runs in a row").contains("• db.port: CONNECTION_REFUSED").doesNotContain("<", ">");
            JsonNode exec = JSON.readTree(Files.readString(execOut.resolve("firing-db.json")));
            assertThat(exec.path("fingerprint").asText()).isEqualTo(body.path("fingerprint").asText());

            try (ServerSocket back = new ServerSocket(db, 50, InetAddress.getLoopbackAddress())) { // the database is back
                Thread acceptor = new Thread(() -> {
                    while (!back.isClosed()) {
                        try (Socket s = back.accept()) {
                            s.getInputStream().read();
                        } catch (IOException closed) {
                            return;
                        }
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
                watcher.run(2);
            }
            waitFor(() -> webhook.size() == 2 && slack.size() == 2 && Files.exists(execOut.resolve("resolved-db.json")),
                    "every destination got RESOLVED");
            assertThat(webhook.get(1).header("X-Greenlight-Event")).isEqualTo("resolved");
            assertThat(JSON.readTree(slack.get(1).body()).path("text").asText()).startsWith(":large_green_circle: [staging] RESOLVED db: ");
            assertThat(state.firing()).isEmpty();
            alerter.close();
        }
        String everything = log.toString(StandardCharsets.UTF_8) + webhook + slack
                + new String(Files.readAllBytes(history), StandardCharsets.ISO_8859_1);
        assertThat(everything).doesNotContain(SECRET).doesNotContain("hmac-key");
    }

    private static int undelivered(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM alerts WHERE delivered_ms IS NULL")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** The HMAC as OpenSSL computes it: an implementation that is not Greenlight's. */
    private String opensslHmac(String key, String body) throws Exception {
        Path file = dir.resolve("body.json");
        Files.writeString(file, body, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", key, "-r", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.split(" ")[0].trim();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
