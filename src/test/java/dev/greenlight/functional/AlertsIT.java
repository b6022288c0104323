package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged watcher killed with SIGKILL while its webhook is down: the store stays consistent, the next watch
 * delivers the alert the killed one could not, exactly once, and does not fire the still-open alert a second time.
 */
class AlertsIT {

    private static final String SECRET = "kill9-hook-secret-93f1";

    @TempDir
    Path dir;

    private Process watch(Path config, Path db, String name) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgreenlight.alerts.retry_base_ms=100", "-Dgreenlight.alerts.retry_max_ms=300",
                "-Dgreenlight.alerts.claim_ms=1500", "-jar",
                System.getProperty("greenlight.jar", "target/greenlight.jar"), "watch", "-c", config.toString(), "--interval", "300ms",
                "--listen", "127.0.0.1:0", "--store", "sqlite:" + db)
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put("HOOK_SECRET", SECRET);
        return builder.start();
    }

    @Test
    void aWatcherKilledWhileItsWebhookIsDownLeavesTheAlertToTheNextWatchWhichDeliversItOnce() throws Exception {
        int db = TestServer.closedPort();
        int hook = TestServer.closedPort();
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, """
                environment: staging
                services:
                  db: { checks: { port: { tcp: "127.0.0.1:%d" } } }
                alerts:
                  failure_threshold: 1
                  send:
                    - webhook: http://127.0.0.1:%d/hook
                      secret: ${HOOK_SECRET}
                """.formatted(db, hook));
        Path history = dir.resolve("history.db");

        Process first = watch(config, history, "first");
        try {
            waitFor(() -> read(dir.resolve("first.err")).split("not delivered to webhook", -1).length > 2,
                    () -> read(dir.resolve("first.err")));
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
            first.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(sql(history, "PRAGMA integrity_check")).isEqualTo("ok");
        assertThat(sql(history, "SELECT COUNT(*) FROM alerts WHERE delivered_ms IS NULL")).isEqualTo("1");
        assertThat(Integer.parseInt(sql(history, "SELECT COUNT(*) FROM runs"))).isPositive();

        List<String> got = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), hook), 0);
        receiver.createContext("/", ex -> {
            got.add(ex.getRequestHeaders().getFirst("X-Greenlight-Event") + " " + ex.getRequestHeaders().getFirst("X-Greenlight-Delivery"));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        Process second = watch(config, history, "second");
        try {
            waitFor(() -> !got.isEmpty(), () -> read(dir.resolve("second.err")));
            // several more runs of the same outage: the open alert is taken up, not fired again
            waitFor(() -> read(dir.resolve("second.err")).split("watch: run ", -1).length > 6, () -> read(dir.resolve("second.err")));
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            second.destroyForcibly();
            receiver.stop(0);
        }
        String log = read(dir.resolve("second.err"));
        assertThat(got).as(log).hasSize(1);
        assertThat(got.get(0)).startsWith("firing ");
        assertThat(log).contains("1 alert delivery left by an earlier or stopped watcher: trying again")
                .contains("1 alert(s) still firing from an earlier watch: FIRING db")
                .contains("alert FIRING db delivered to webhook 127.0.0.1:" + hook);
        assertThat(sql(history, "SELECT COUNT(*) FROM alerts")).isEqualTo("1");
        assertThat(sql(history, "SELECT COUNT(*) FROM alerts WHERE delivered_ms IS NOT NULL")).isEqualTo("1");
        assertThat(read(dir.resolve("first.err")) + log + read(dir.resolve("first.out")) + read(dir.resolve("second.out")))
                .doesNotContain(SECRET);
    }

    private static String sql(Path db, String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void waitFor(BooleanSupplier condition, java.util.function.Supplier<String> why) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as(why.get()).isTrue();
    }
}
