package dev.greenlight.alert;

import dev.greenlight.config.Secrets;
import dev.greenlight.store.RunStore;
import dev.greenlight.store.StoreException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every alert delivery, kept until its destination takes it. Each delivery is written to the store first, tried on a
 * thread of its own (a slow webhook never delays a run), and retried with exponential backoff (1 s, 2 s, 4 s, ...
 * up to 5 min) until it goes through; the deliveries of one destination go in order (a RESOLVED never overtakes its
 * FIRING). When the store itself refuses, the delivery is kept in memory and still tried: a store outage must not
 * silence an alert.
 *
 * <p>Each delivery in the store is claimed by the watcher that delivers it, for a minute at a time, renewed while it
 * lives: the watchers of a fleet never deliver one alert twice, and what a watcher that died could not deliver is
 * claimed, once its claim runs out, by a watcher that is still running (or by the next one that starts).
 */
public final class Outbox implements AutoCloseable {

    /** What happened to one try, for the log and the metrics. */
    public interface Listener {
        void delivered(Channel channel, AlertEvent event, int attempts);

        void failed(Channel channel, AlertEvent event, int attempts, String error, Duration retryIn);
    }

    private static final class Delivery {
        final String id;
        final Channel channel;
        final AlertEvent event;
        Long storeId;
        int attempts;
        long nextAttemptMs;

        Delivery(String id, Channel channel, AlertEvent event, long nextAttemptMs) {
            this.id = id;
            this.channel = channel;
            this.event = event;
            this.nextAttemptMs = nextAttemptMs;
        }
    }

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Optional<RunStore> store;
    private final Clock clock;
    private final Listener listener;
    private final PrintStream log;
    private final Secrets secrets;
    private final long retryBaseMs = Long.getLong("greenlight.alerts.retry_base_ms", 1000);
    private final long retryMaxMs = Long.getLong("greenlight.alerts.retry_max_ms", 300_000);
    private final long claimMs = Long.getLong("greenlight.alerts.claim_ms", 60_000);
    private final String owner = ownerName();
    private long lastClaimPassMs;
    private final List<Delivery> queue = new ArrayList<>();
    private final Thread worker;
    private volatile boolean running = true;
    private boolean storeComplained;

    public Outbox(List<Channel> channels, Optional<RunStore> store, Clock clock, Listener listener, PrintStream log, Secrets secrets) {
        channels.forEach(c -> this.channels.put(c.key(), c));
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.log = log;
        this.secrets = secrets;
        reportOrphans();
        claimOrphans();
        lastClaimPassMs = clock.millis();
        this.worker = new Thread(this::work, "greenlight-alerts");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues {@code event} for every destination. */
    public void add(AlertEvent event) {
        long now = clock.millis();
        for (Channel channel : channels.values()) {
            Delivery d = new Delivery(UUID.randomUUID().toString(), channel, event, now);
            if (store.isPresent()) {
                try {
                    d.storeId = store.get().enqueueAlert(d.id, channel.key(), event.kind().name(), event.fingerprint(),
                            AlertPayload.stored(event), now, owner, now + claimMs);
                } catch (StoreException e) {
                    storeProblem(e);
                }
            }
            synchronized (queue) {
                queue.add(d);
                queue.notifyAll();
            }
        }
    }

    /** Deliveries not yet taken by their destination. */
    public int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Stops trying after one last round for what is due, within {@code grace}; what is left stays in the store. */
    public void close(Duration grace) {
        running = false;
        synchronized (queue) {
            queue.notifyAll();
        }
        try {
            worker.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = pending();
        if (left > 0) {
            log.println("watch: " + left + " alert deliver" + (left == 1 ? "y" : "ies") + " not taken yet"
                    + (store.isPresent() ? ": kept in the store, tried again by the next watch" : ""));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void work() {
        boolean last = false;
        while (true) {
            if (clock.millis() - lastClaimPassMs >= claimMs / 3) {
                lastClaimPassMs = clock.millis();
                renewClaims();
                claimOrphans();
            }
            List<Delivery> due = due();
            for (Delivery d : due) {
                attempt(d);
            }
            if (last) {
                return;
            }
            synchronized (queue) {
                if (!running) {
                    last = true; // one more round for what is due now, then stop
                    continue;
                }
                long wait = nextWakeMillis();
                if (due.isEmpty() && wait > 0) {
                    try {
                        queue.wait(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** The first delivery of each destination, when its time has come (one destination's deliveries go in order). */
    private List<Delivery> due() {
        long now = clock.millis();
        List<Delivery> out = new ArrayList<>();
        Set<Channel> seen = new HashSet<>();
        synchronized (queue) {
            for (Delivery d : queue) {
                if (seen.add(d.channel) && d.nextAttemptMs <= now) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private long nextWakeMillis() {
        long now = clock.millis();
        long next = Long.MAX_VALUE;
        Set<Channel> seen = new HashSet<>();
        for (Delivery d : queue) {
            if (seen.add(d.channel)) {
                next = Math.min(next, d.nextAttemptMs);
            }
        }
        return next == Long.MAX_VALUE ? 1000 : Math.max(1, Math.min(1000, next - now));
    }

    private void attempt(Delivery d) {
        d.attempts++;
        long now = clock.millis();
        try {
            d.channel.deliver(d.event, d.id);
            synchronized (queue) {
                queue.remove(d);
            }
            persist(d, now, null);
            listener.delivered(d.channel, d.event, d.attempts);
        } catch (Channel.DeliveryException e) {
            long backoff = Math.min(retryMaxMs, retryBaseMs << Math.min(20, d.attempts - 1));
            d.nextAttemptMs = now + backoff;
            String error = secrets.redact(e.getMessage());
            persist(d, null, error);
            listener.failed(d.channel, d.event, d.attempts, error, Duration.ofMillis(backoff));
        } catch (RuntimeException e) {
            d.nextAttemptMs = now + retryMaxMs;
            listener.failed(d.channel, d.event, d.attempts, "internal error: " + e, Duration.ofMillis(retryMaxMs));
        }
    }

    private void persist(Delivery d, Long deliveredMs, String error) {
        if (store.isEmpty()) {
            return;
        }
        try {
            if (d.storeId == null) { // the store refused it when it was queued: write it now, with its outcome
                d.storeId = store.get().enqueueAlert(d.id, d.channel.key(), d.event.kind().name(), d.event.fingerprint(),
                        AlertPayload.stored(d.event), clock.millis(), owner, clock.millis() + claimMs);
            }
            store.get().alertAttempted(d.storeId, d.attempts, d.nextAttemptMs, deliveredMs, error);
            storeComplained = false;
        } catch (StoreException e) {
            storeProblem(e);
        }
    }

    private void storeProblem(StoreException e) {
        synchronized (this) {
            if (storeComplained) {
                return;
            }
            storeComplained = true;
        }
        log.println("watch: the store refused an alert delivery (kept in memory and still tried): " + secrets.redact(e.getMessage()));
    }

    /** Keeps this watcher's claims alive; drops what another watcher took over meanwhile (this one could not renew). */
    private void renewClaims() {
        if (store.isEmpty()) {
            return;
        }
        java.util.Set<Long> held;
        try {
            held = store.get().renewAlertClaims(owner, clock.millis() + claimMs);
        } catch (StoreException e) {
            storeProblem(e);
            return;
        }
        synchronized (queue) {
            int before = queue.size();
            queue.removeIf(d -> d.storeId != null && !held.contains(d.storeId));
            if (queue.size() < before) {
                log.println("watch: " + (before - queue.size()) + " alert deliver" + (before - queue.size() == 1 ? "y" : "ies")
                        + " taken over by another watcher (this one could not renew its claim)");
            }
        }
    }

    /** Claims what a stopped or dead watcher could not deliver (at start, then every third of a claim). */
    private void claimOrphans() {
        if (store.isEmpty()) {
            return;
        }
        List<RunStore.AlertRow> rows;
        try {
            long now = clock.millis();
            rows = store.get().claimAlerts(owner, now, now + claimMs, channels.keySet());
        } catch (StoreException e) {
            storeProblem(e);
            return;
        }
        int taken = 0;
        for (RunStore.AlertRow row : rows) {
            Channel channel = channels.get(row.channel());
            try {
                Delivery d = new Delivery(row.deliveryId(), channel, AlertPayload.event(row.event()), row.nextAttemptMs());
                d.storeId = row.id();
                d.attempts = row.attempts();
                synchronized (queue) {
                    if (queue.stream().noneMatch(q -> row.id() == (q.storeId == null ? -1 : q.storeId))) {
                        queue.add(d);
                        taken++;
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                log.println("watch: an undelivered alert in the store cannot be read (" + e.getOriginalMessage() + "); left as it is");
            }
        }
        if (taken > 0) {
            log.println("watch: " + taken + " alert deliver" + (taken == 1 ? "y" : "ies")
                    + " left by an earlier or stopped watcher: trying again");
        }
    }

    /** Says once, at start, what the store holds for destinations this config no longer has. */
    private void reportOrphans() {
        if (store.isEmpty()) {
            return;
        }
        try {
            long orphans = store.get().undeliveredAlerts().stream().filter(r -> !channels.containsKey(r.channel())).count();
            if (orphans > 0) {
                log.println("watch: " + orphans + " undelivered alert(s) in the store are for destinations no longer in 'alerts' "
                        + "(left as they are)");
            }
        } catch (StoreException e) {
            storeProblem(e);
        }
    }

    /** This watcher in the claims: host, process, and a tag of its own (two outboxes in one process are two owners). */
    private static String ownerName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "host"); // no name lookup: it could hang on a broken resolver
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** "FIRING postgres (unreachable)" for the log. */
    static String label(AlertEvent e) {
        return e.kind() + " " + e.service() + " (" + e.classification().toLowerCase(Locale.ROOT) + ", " + e.signature() + ")";
    }
}
