package dev.greenlight.cli;

import dev.greenlight.alert.AlertEvent;
import dev.greenlight.alert.Alerter;
import dev.greenlight.alert.Channel;
import dev.greenlight.alert.Outbox;

import dev.greenlight.config.ConfigException;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.plan.ProbeThreads;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.plan.RunClock;
import dev.greenlight.report.RunContext;
import dev.greenlight.store.RunStore;
import dev.greenlight.store.StoreException;
import dev.greenlight.watch.StatusPage;
import dev.greenlight.watch.WatchMetrics;
import dev.greenlight.watch.WatchState;
import dev.greenlight.watch.Watcher;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight watch}: the plan on a schedule, with history, metrics, a status page and the rollback hook. */
public final class WatchCommand implements Callable<Integer> {

    /** What a location name may be, as the usage error says it. */
    static final String LOCATION_NAMES = "expected a name of letters, digits, '.', '_' or '-' (at most 64), e.g. eu-west";

    static boolean isLocationName(String name) {
        return name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    }

    /** The environment's proxies: the probes', the alert webhooks' and the on_no_go webhook's way out. */
    private dev.greenlight.probe.wire.HttpTransport transport;

    private CommandSpec spec;
    private Path config;
    private Duration interval;
    private String store;
    private boolean fleet;
    private String place;
    private Duration keep;
    private String listen;
    private OnNoGoOptions onNoGo;
    private Integer onNoGoAfter;
    private int runs;

    static CommandSpec spec() {
        WatchCommand watch = new WatchCommand();
        CommandSpec spec = Specs.command(watch, "watch", "Runs the plan every interval, records each run (history), serves "
                + "Prometheus metrics on /metrics and a status page on /, sends the alerts of the config's 'alerts:' section (one "
                + "per root cause, retried until delivered), and calls --on-no-go once per incident. Ctrl-C or SIGTERM stops it "
                + "after the run in progress, with every run recorded.",
                "0:stopped", "64:bad usage", "74:the store or the listen address cannot be used", "78:bad configuration");
        spec.addOption(Specs.option(Path.class, "-c", "--config").paramLabel("FILE").defaultValue("greenlight.yaml")
                .description("The plan to run (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(Duration.class, "--interval").paramLabel("DURATION").defaultValue("60s")
                .converters(new VerifyCommand.DurationConverter())
                .description("Time between the starts of two runs, jittered by up to 10%% (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(String.class, "--store").paramLabel("STORE").description("Where runs are recorded: sqlite:FILE "
                + "(default: greenlight.db next to the config), postgresql://USER@HOST[:PORT]/DB (password from the URL or "
                + "PGPASSWORD), or none.").build());
        spec.addOption(Specs.flag("--fleet").description("Share the plan with the other watchers of the same config on the same "
                + "store (PostgreSQL, or one SQLite file on one machine): each interval the plan runs on one of them only, a "
                + "watcher that dies is taken over within half an interval, and alerts are sent once for the fleet.").build());
        spec.addOption(Specs.option(String.class, "--location").paramLabel("NAME").description("Where this watcher runs from "
                + "(e.g. eu-west): kept with each run; a fleet in several places counts failures per location and its alerts say "
                + "where a failure is seen and where it is not.").build());
        spec.addOption(Specs.option(Duration.class, "--keep").paramLabel("DURATION").converters(new VerifyCommand.DurationConverter())
                .description("Delete the runs older than this (e.g. 30d) from the store, at start and after each run.").build());
        spec.addOption(Specs.option(String.class, "--listen").paramLabel("HOST:PORT").defaultValue("127.0.0.1:9464")
                .description("Where /metrics and the status page are served (default: ${DEFAULT-VALUE}; port 0 picks one).")
                .build());
        OnNoGoOptions.declare(spec);
        spec.addOption(Specs.option(Integer.class, "--on-no-go-after").paramLabel("N")
                .description("Consecutive NO-GO runs that make an incident (default: the config's on_no_go.after, else 2).")
                .build());
        spec.addOption(Specs.option(int.class, "--runs").paramLabel("N").defaultValue("0")
                .description("Stop after N runs (default: 0, no limit).").build());
        watch.spec = Specs.withHelp(spec);
        return watch.spec;
    }

    @Override
    public Integer call() throws Exception {
        Warmup.resolverAsksEveryTime();
        config = Specs.value(spec, "--config");
        interval = Specs.value(spec, "--interval");
        store = Specs.value(spec, "--store");
        fleet = Specs.given(spec, "--fleet");
        place = Specs.value(spec, "--location");
        keep = Specs.value(spec, "--keep");
        listen = Specs.value(spec, "--listen");
        onNoGo = OnNoGoOptions.of(spec);
        onNoGoAfter = Specs.value(spec, "--on-no-go-after");
        runs = Specs.value(spec, "--runs");
        if (onNoGoAfter != null && onNoGoAfter < 1 || runs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--on-no-go-after must be >= 1 and --runs >= 0");
        }
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || !listen.substring(colon + 1).matches("\\d{1,5}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--listen '" + listen + "' is not HOST:PORT");
        }
        if (fleet && "none".equals(store)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--fleet needs a store the watchers share (--store)");
        }
        if (place != null && !isLocationName(place)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--location '" + place + "': " + LOCATION_NAMES);
        }
        String location = store != null ? store
                : "sqlite:" + config.toAbsolutePath().resolveSibling("greenlight.db");
        Plan plan;
        dev.greenlight.config.GreenlightConfig loaded;
        String configSha256;
        try {
            ConfigPrefetch.Loaded read = ConfigPrefetch.load(config);
            loaded = read.config();
            configSha256 = read.sha256();
            transport = VerifyCommand.proxiesOfEnvironment();
            plan = new PlanBuilder(transport).build(loaded);
        } catch (ConfigException e) {
            System.err.println("greenlight: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        Optional<RunStore> history = Optional.empty();
        if (!location.equals("none")) {
            try {
                history = Optional.of(RunStore.open(location, true));
            } catch (StoreException e) {
                System.err.println("greenlight: " + e.getMessage());
                return ExitCodes.IO_ERROR;
            }
        }
        WatchMetrics metrics = new WatchMetrics();
        WatchState state = new WatchState(60);
        HTTPServer server;
        try {
            server = HTTPServer.builder().inetAddress(InetAddress.getByName(listen.substring(0, colon)))
                    .port(Integer.parseInt(listen.substring(colon + 1))).registry(metrics.registry())
                    .defaultHandler(new StatusPage(state, plan.secrets())).buildAndStart();
        } catch (java.io.IOException e) {
            System.err.println("greenlight: cannot listen on " + listen + ": " + e.getMessage());
            history.ifPresent(WatchCommand::closeQuietly);
            return ExitCodes.IO_ERROR;
        }
        System.err.println("watch: every " + interval.toSeconds() + " s; status page http://" + listen.substring(0, colon) + ":"
                + server.getPort() + "/ and /metrics; store " + RunStore.shown(location));
        Optional<Alerter> alerter = alerts(loaded.alerts(), history, metrics, state, plan);
        Plan toRun = plan;
        ProbeThreads threads = Warmup.probeThreads(); // every run's
        java.util.function.Function<java.util.Set<String>, dev.greenlight.plan.RunResult> runPlan = released ->
                new PlanRunner(RunClock.system(), ProgressListener.NONE, threads).run(toRun.releasing(released));
        Watcher watcher = new Watcher(() -> runPlan.apply(java.util.Set.of()), plan.secrets(),
                RunContext.of(spec.commandLine().getParseResult().originalArgs(), configSha256), interval, history, metrics, state,
                hook(loaded), onNoGoAfter != null ? onNoGoAfter
                        : loaded.onNoGo().map(dev.greenlight.config.OnNoGoConfig::after).orElse(dev.greenlight.config.OnNoGoConfig.DEFAULT_AFTER),
                System.err,
                alerter);
        watcher.followReleases(runPlan, toRun.environment(), toRun.expectedVersions());
        if (keep != null) {
            watcher.keep(keep);
        }
        if (place != null) {
            watcher.location(place);
        }
        String owner = fleet ? hostName() + ":" + ProcessHandle.current().pid() : null; // the host name only when it is used
        metrics.watcher(place, owner);
        if (fleet) {
            watcher.fleet(new Watcher.Fleet(plan.environment(), configSha256, owner,
                    Duration.ofMillis(Math.max(100, interval.toMillis() / 2))));
            System.err.println("watch: in a fleet as " + owner + ": one run per " + interval.toMillis() + " ms slot across the fleet");
        }
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            watcher.stop();
            try {
                finished.await(120, java.util.concurrent.TimeUnit.SECONDS); // the run in progress finishes and is recorded
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "watch-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            watcher.run(runs);
        } finally {
            alerter.ifPresent(Alerter::close);
            threads.close();
            server.stop();
            history.ifPresent(WatchCommand::closeQuietly);
            System.err.println("watch: stopped");
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // a signal stopped it: the JVM is on its way out
            }
        }
        return 0;
    }

    /** The alerter of the {@code alerts:} section, its outcomes said on stderr and counted in the metrics. */
    private Optional<Alerter> alerts(dev.greenlight.config.AlertsConfig config, Optional<RunStore> history, WatchMetrics metrics,
                                     WatchState state, Plan plan) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        java.util.concurrent.atomic.AtomicReference<Alerter> self = new java.util.concurrent.atomic.AtomicReference<>();
        Outbox.Listener listener = new Outbox.Listener() {
            @Override
            public void delivered(Channel channel, AlertEvent event, int attempts) {
                System.err.println("watch: alert " + event.kind() + " " + event.service() + " delivered to " + channel.describe()
                        + (attempts > 1 ? " (try " + attempts + ")" : ""));
                tried(channel, true);
            }

            @Override
            public void failed(Channel channel, AlertEvent event, int attempts, String error, Duration retryIn) {
                System.err.println("watch: alert " + event.kind() + " " + event.service() + " not delivered to " + channel.describe()
                        + " (try " + attempts + "): " + error + "; next try in " + Math.max(1, retryIn.toSeconds()) + " s");
                tried(channel, false);
            }

            private void tried(Channel channel, boolean delivered) {
                metrics.alertTried(channel.describe(), delivered);
                Alerter a = self.get();
                if (a != null) {
                    metrics.alertsPending(a.pending());
                    state.alerts(a.firing(), a.pending());
                }
            }
        };
        Alerter alerter = new Alerter(config, history, java.time.Clock.systemUTC(), listener, System.err, plan.secrets(), transport);
        self.set(alerter);
        alerter.forgetSilentLocationsAfter(interval.multipliedBy(20)); // a location whose watchers all left
        System.err.println("watch: " + alerter.describe(interval) + "; " + config.send().size() + " destination(s)");
        return Optional.of(alerter);
    }

    /** The rollback hook: the command line's, else the config's on_no_go, else none. */
    private Watcher.IncidentHook hook(dev.greenlight.config.GreenlightConfig loaded) {
        if (onNoGo.command != null) {
            return in -> RollbackHook.run(onNoGo.command, onNoGo.timeout, in);
        }
        return loaded.onNoGo().<Watcher.IncidentHook>map(h -> in -> RollbackHook.run(h, in, transport)).orElse(null);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static void closeQuietly(RunStore store) {
        try {
            store.close();
        } catch (StoreException e) {
            System.err.println("greenlight: " + e.getMessage());
        }
    }
}
