package dev.greenlight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.plan.ProbeThreads;
import dev.greenlight.probe.wire.HttpTransport;

/**
 * Readies, on a second core while the main thread reads the config, what every probe needs as soon as its first answer
 * comes: the probes' resolver policy ({@link #resolverAsksEveryTime}) and the JSON mapper (its class set-up takes 10 to
 * 20 ms in a cold JVM, most of it the locale data of its date format). Done on the first probe thread instead, it holds
 * up every probe that answers meanwhile, since a class is set up once while the others wait. Besides the JDK's and
 * Jackson's classes, only {@code HttpTransport} and {@code Connector} are set up here, and their set-up needs no other
 * class of Greenlight's, so this thread cannot deadlock with the main thread's class set-up.
 *
 * <p>It also holds the probe threads ({@link ProbeThreads}) a command starts as soon as its config's YAML says how many
 * checks there are, before the config is read and checked and the plan built: they are started meanwhile on a thread
 * of their own. (Starting some before the config is read was measured too: 32 threads cost a one-check plan 21 ms,
 * 5 %, of its start-up, for 10-20 ms less on a 200-check run; not kept.)
 */
final class Warmup {

    /** Readied for a command and not yet taken by it (one at most, whatever the number of commands run). */
    private static ProbeThreads early;

    private Warmup() {
    }

    /** Starts (or adds to) the probe threads a command will take, as soon as it knows roughly how many it needs. */
    static synchronized void readyProbeThreads(int needed) {
        if (early == null) {
            early = ProbeThreads.ready(needed);
        } else {
            early.ensure(needed);
        }
    }

    /** The probe threads readied so far (taken once; new ones after that): each run raises them to its plan's need. */
    static synchronized ProbeThreads probeThreads() {
        ProbeThreads threads = early != null ? early : ProbeThreads.ready(1);
        early = null;
        return threads;
    }

    /** Counted down once the probes' resolver policy is set ({@link #resolverAsksEveryTime}). */
    private static final java.util.concurrent.CountDownLatch RESOLVER_POLICY = new java.util.concurrent.CountDownLatch(1);

    private static volatile boolean started;

    /**
     * Returns once lookups ask the resolver every time ({@link HttpTransport#askResolverEveryTime}): at once when the
     * warm-up thread did it, as it does first; else now. A command that probes calls this before anything of its own,
     * so no name is looked up under the JVM's cache policy, which the first lookup fixes for the whole process.
     */
    static void resolverAsksEveryTime() {
        if (!started) {
            HttpTransport.askResolverEveryTime();
            return;
        }
        try {
            RESOLVER_POLICY.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpTransport.askResolverEveryTime();
        }
    }

    static void start() {
        started = true;
        Thread thread = new Thread(() -> {
            try {
                // first: 15-20 ms cold, most of it the System.Logger set-up that Security.setProperty asks for (it logs
                // property changes), which the main thread would otherwise wait for
                HttpTransport.askResolverEveryTime();
            } catch (RuntimeException | LinkageError e) {
                // asked again, and said, where it is needed: Connector's set-up asks the same before any probe's lookup
            } finally {
                RESOLVER_POLICY.countDown();
            }
            try {
                new ObjectMapper().readTree("{\"status\":\"UP\",\"checks\":[{\"name\":\"db\",\"status\":\"UP\"}]}");
            } catch (Exception | LinkageError e) {
                // a warm-up only: whatever failed here fails again, and is reported, where it is needed
            }
        }, "greenlight-warmup");
        thread.setDaemon(true);
        thread.start();
    }
}
