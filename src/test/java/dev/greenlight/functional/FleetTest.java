package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two watchers on one real PostgreSQL: the plan runs exactly once per interval slot across them, a slot whose holder
 * died is taken over within the slot, and an outage is alerted once for the fleet.
 */
class FleetTest {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();
    private static RealServers.Postgres postgres;
    private static final long INTERVAL_MS = 400;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = new RealServers.Postgres();
        postgres.createDatabase("fleet");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void twoWatchersRunThePlanOncePerSlotTakeOverADeadOnesSlotAndAlertOnce() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/", ex -> {
            received.add(ex.getRequestHeaders().getFirst("X-Greenlight-Event"));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        GreenlightConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("greenlight.yaml", """
                environment: staging
                services: { api: { url: "%s", checks: { health: { http: /unavailable } } } }
                alerts:
                  failure_threshold: 3
                  send: [ { webhook: "http://127.0.0.1:%d/" } ]
                """.formatted(server.url(""), hook.getAddress().getPort()));
        Plan plan = new PlanBuilder(new HttpTransport()).build(config);
        String store = "postgresql://" + RealServers.Postgres.USER + ":" + RealServers.Postgres.PASSWORD + "@127.0.0.1:"
                + postgres.port + "/fleet";
        AtomicInteger runs = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Watcher> watchers = new ArrayList<>();
        List<RunStore> stores = new ArrayList<>();
        List<Alerter> alerters = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        for (String owner : List.of("a", "b")) {
            RunStore runStore = RunStore.open(store, true);
            Alerter alerter = new Alerter(config.alerts(), Optional.of(runStore), Clock.systemUTC(), new Outbox.Listener() {
                @Override
                public void delivered(Channel channel, AlertEvent event, int attempts) {
                    out.println(owner + " delivered " + event.kind());
                }

                @Override
                public void failed(Channel channel, AlertEvent event, int attempts, String error, Duration retryIn) {
                    out.println(owner + " failed " + error);
                }
            }, out, plan.secrets(), new HttpTransport());
            Watcher watcher = new Watcher(() -> {
                runs.incrementAndGet();
                return new PlanRunner(RunClock.system(), ProgressListener.NONE).run(plan);
            }, plan.secrets(), RunContext.NONE, Duration.ofMillis(INTERVAL_MS), Optional.of(runStore), new WatchMetrics(),
                    new WatchState(60), null, 1, out, Optional.of(alerter));
            watcher.fleet(new Watcher.Fleet("staging", "", owner, Duration.ofMillis(INTERVAL_MS / 2)));
            stores.add(runStore);
            alerters.add(alerter);
            watchers.add(watcher);
            Thread t = new Thread(() -> {
                try {
                    watcher.run(0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
        }
        // a watcher that took the slot three slots ahead and died: never renewed, never done
        long deadSlot = System.currentTimeMillis() / INTERVAL_MS + 3;
        try (Connection c = postgres.jdbc("fleet")) {
            // the schema is there: the stores above migrated it
            try (PreparedStatement p = c.prepareStatement("INSERT INTO leases (plan, slot, owner, leased_ms) VALUES (?, ?, 'dead', ?)")) {
                p.setString(1, "staging:");
                p.setLong(2, deadSlot);
                p.setLong(3, deadSlot * INTERVAL_MS);
                p.executeUpdate();
            }
        }
        threads.forEach(Thread::start);
        Thread.sleep(INTERVAL_MS * 14);
        watchers.forEach(Watcher::stop);
        for (Thread t : threads) {
            t.join(10_000);
        }
        Thread.sleep(300); // the last deliveries
        alerters.forEach(Alerter::close);
        for (RunStore s : stores) {
            s.close();
        }
        hook.stop(0);

        TreeMap<Long, String> owners = new TreeMap<>();
        int recorded;
        try (Connection c = postgres.jdbc("fleet"); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT slot, owner, done_ms FROM leases ORDER BY slot")) {
                while (r.next()) {
                    owners.put(r.getLong(1), r.getString(2) + (r.getObject(3) == null ? " (not done)" : ""));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM runs")) {
                r.next();
                recorded = r.getInt(1);
            }
        }
        String what = owners + "\n" + log.toString(StandardCharsets.UTF_8);
        System.out.println("fleet: slots by watcher " + owners);
        // every slot from the first to the last ran once, by one watcher, and was recorded once
        assertThat(owners.lastKey() - owners.firstKey() + 1).as(what).isEqualTo(owners.size());
        assertThat(owners.values()).as(what).allMatch(o -> o.equals("a") || o.equals("b"));
        assertThat(runs.get()).as(what).isEqualTo(owners.size());
        assertThat(recorded).as(what).isEqualTo(owners.size());
        assertThat(owners.size()).as(what).isGreaterThanOrEqualTo(12);
        // the load is shared: a watcher that ran a slot lets the other try first for the next one
        assertThat(owners.values().stream().filter("a"::equals).count()).as(what).isGreaterThanOrEqualTo(4);
        assertThat(owners.values().stream().filter("b"::equals).count()).as(what).isGreaterThanOrEqualTo(4);
        // the dead watcher's slot was taken over and run
        assertThat(owners).as(what).containsKey(deadSlot);
        // a NO-GO every slot for the whole time: one FIRING for the fleet
        assertThat(received).as(what).containsExactly("firing");
    }
}
