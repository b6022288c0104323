package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.alert.AlertEvent;
import dev.greenlight.alert.Alerter;
import dev.greenlight.alert.Channel;
import dev.greenlight.alert.Outbox;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.config.GreenlightConfig;
import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import dev.greenlight.report.SavedReport;
import dev.greenlight.store.RunStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Two watchers' alert outboxes on one store (a fleet): a delivery is claimed by the watcher that queued it, so a live
 * peer never sends it too; when that watcher dies with the webhook down, the peer that is still running takes the
 * delivery over once the claim runs out, and the webhook gets it once.
 */
class AlertClaimsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void shortClaims() {
        System.setProperty("greenlight.alerts.retry_base_ms", "50");
        System.setProperty("greenlight.alerts.retry_max_ms", "200");
        System.setProperty("greenlight.alerts.claim_ms", "900");
    }

    @AfterEach
    void restore() {
        System.clearProperty("greenlight.alerts.retry_base_ms");
        System.clearProperty("greenlight.alerts.retry_max_ms");
        System.clearProperty("greenlight.alerts.claim_ms");
    }

    @Test
    void aDeadWatchersUndeliveredAlertIsDeliveredOnceByAPeerThatIsStillRunning() throws Exception {
        int webhookPort = TestServer.closedPort(); // the webhook is down
        GreenlightConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("greenlight.yaml", """
                environment: staging
                services:
                  db: { checks: { port: { tcp: "127.0.0.1:%d" } } }
                alerts:
                  failure_threshold: 1
                  send:
                    - webhook: http://127.0.0.1:%d/hook
                """.formatted(TestServer.closedPort(), webhookPort));
        RunResult down = Runs.run(Runs.plan("""
                environment: staging
                services:
                  db: { checks: { port: { tcp: "127.0.0.1:%d" } } }
                """.formatted(TestServer.closedPort()), Map.of(), new HttpTransport()));
        SavedReport dbDown = SavedReport.from(JsonReport.tree(new ReportInput(down, Diagnoser.diagnose(down), Secrets.none(),
                RunContext.NONE, Optional.empty())), "test");
        List<String> got = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream deadLog = new ByteArrayOutputStream();
        ByteArrayOutputStream peerLog = new ByteArrayOutputStream();

        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("fleet.db"), true)) {
            Alerter dying = alerter(config, store, deadLog);
            Alerter peer = alerter(config, store, peerLog);
            assertThat(dying.onRun(dbDown, Instant.now())).extracting(AlertEvent::kind).containsExactly(AlertEvent.Kind.FIRING);
            waitFor(() -> deadLog.toString(StandardCharsets.UTF_8).split("failed FIRING", -1).length > 3, "tried while the webhook is down");
            Thread.sleep(1200); // longer than a claim: the peer leaves it alone while its watcher renews it
            assertThat(peerLog.toString(StandardCharsets.UTF_8)).doesNotContain("trying again");
            assertThat(peer.pending()).isZero();

            dying.close(); // the watcher stops for good: nobody renews its claim any more

            HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), webhookPort), 0);
            webhook.createContext("/", ex -> {
                got.add(ex.getRequestHeaders().getFirst("X-Greenlight-Delivery"));
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            webhook.start();
            try {
                waitFor(() -> got.size() == 1, "the peer delivered the dead watcher's alert: " + peerLog);
                Thread.sleep(600);
                assertThat(got).as("once").hasSize(1);
                assertThat(peerLog.toString(StandardCharsets.UTF_8))
                        .contains("1 alert delivery left by an earlier or stopped watcher: trying again")
                        .contains("delivered FIRING");
                assertThat(store.undeliveredAlerts()).isEmpty();
            } finally {
                peer.close();
                webhook.stop(0);
            }
        }
    }

    private static Alerter alerter(GreenlightConfig config, RunStore store, ByteArrayOutputStream log) {
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        return new Alerter(config.alerts(), Optional.of(store), Clock.systemUTC(), new Outbox.Listener() {
            @Override
            public void delivered(Channel channel, AlertEvent event, int attempts) {
                out.println("delivered " + event.kind());
            }

            @Override
            public void failed(Channel channel, AlertEvent event, int attempts, String error, Duration retryIn) {
                out.println("failed " + event.kind() + ": " + error);
            }
        }, out, Secrets.none(), new HttpTransport());
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
