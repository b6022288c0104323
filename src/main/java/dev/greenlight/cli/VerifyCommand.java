package dev.greenlight.cli;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Durations;
import dev.greenlight.config.GreenlightConfig;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.plan.PlanFilter;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.plan.ProbeThreads;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.plan.RunClock;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.report.ConsoleProgress;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportFileException;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import dev.greenlight.report.RunDiff;
import dev.greenlight.report.SavedReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight verify}: load the config, run the plan, report, exit with the verdict's code. */
public final class VerifyCommand implements Callable<Integer> {

    private CommandSpec spec;

    static CommandSpec spec() {
        VerifyCommand verify = new VerifyCommand();
        CommandSpec spec = Specs.command(verify, "verify",
                "Runs the plan of greenlight.yaml against the live services and answers GO or NO-GO.",
                "0:GO", "1:NO-GO", "2:ABORTED", "3:DEGRADED (0 with accept_degraded: true)", "4:INCONCLUSIVE",
                "64:bad usage", "70:internal error", "74:the report file could not be written", "78:bad configuration");
        spec.addOption(Specs.option(Path.class, "-c", "--config").paramLabel("FILE").defaultValue("greenlight.yaml")
                .description("The plan to run (default: ${DEFAULT-VALUE}).").build());
        RunOptions.declare(spec);
        spec.addOption(Specs.option(Path.class, "--preflight").paramLabel("DIR")
                .description("Run preflight on DIR first: an error finding fails a first phase 'preflight' and aborts the run "
                        + "before any probe.").build());
        verify.spec = Specs.withHelp(spec);
        return verify.spec;
    }

    @Override
    public Integer call() {
        Path preflight = Specs.value(spec, "--preflight");
        if (preflight != null && !java.nio.file.Files.isDirectory(preflight)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--preflight " + preflight + ": not a directory");
        }
        RunOptions options = RunOptions.of(spec);
        options.preflight = preflight;
        return run(Specs.value(spec, "--config"), options, spec);
    }

    /** Load, plan, run, report: the whole of verify, also used by demo. */
    static int run(Path config, RunOptions options, CommandSpec spec) {
        Warmup.resolverAsksEveryTime();
        Terminal terminal = Terminal.detect(options.noColor);
        try {
            if (options.concurrency != null && (options.concurrency < 1 || options.concurrency > 4096)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--concurrency must be between 1 and 4096, got " + options.concurrency);
            }
            if (!(options.slowFactor > 1.0)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--slow-factor must be > 1, got " + options.slowFactor);
            }
            ReportOutput reports = new ReportOutput(options, terminal, System.getenv("GITHUB_STEP_SUMMARY"));
            java.util.List<String> unwritable = new java.util.ArrayList<>(reports.unwritable());
            if (options.store != null) {
                dev.greenlight.store.RunStore.problem(options.store).ifPresent(p -> unwritable.add("--store " + p));
            }
            if (!unwritable.isEmpty()) {
                unwritable.forEach(problem -> System.err.println("greenlight: " + problem));
                return ExitCodes.IO_ERROR;
            }
            java.util.Optional<SavedReport> baseline = options.baseline == null ? java.util.Optional.empty()
                    : java.util.Optional.of(SavedReport.read(options.baseline));
            ConfigPrefetch.Loaded read = ConfigPrefetch.load(config); // read on a second core since the command line came
            Timeline.mark("config read");
            GreenlightConfig loaded = read.config();
            if (options.settle != null) {
                loaded = loaded.withSettle(options.settle);
            }
            if (options.concurrency != null) {
                loaded = loaded.withConcurrency(options.concurrency);
            }
            HttpTransport transport = options.directOnly ? new HttpTransport() : proxiesOfEnvironment();
            Plan plan = new PlanBuilder(transport).build(loaded);
            Timeline.mark("plan built");
            if (!options.only.isEmpty()) {
                java.util.List<String> unknown = new java.util.ArrayList<>();
                plan = PlanFilter.only(plan, options.only, unknown);
                if (!unknown.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--only " + String.join(",", unknown)
                            + ": no such phase or check; expected one of: " + String.join(", ", names(loaded)));
                }
            }
            if (options.preflight != null) {
                plan = PreflightPhase.prepend(plan, options.preflight, loaded.preflight());
            }
            ProgressListener progress = options.quiet ? ProgressListener.NONE
                    : new ConsoleProgress(System.err, terminal.live() && !options.verbose, terminal.style(), plan.secrets(),
                    options.verbose);
            RunResult result;
            try (ProbeThreads threads = Warmup.probeThreads()) { // readied since the YAML was parsed
                result = new PlanRunner(RunClock.system(), progress, threads).run(plan);
                Timeline.mark("run ended");
            }
            ReportInput in = new ReportInput(result, Diagnoser.diagnose(result), plan.secrets(),
                    RunContext.of(spec.commandLine().getParseResult().originalArgs(), read.sha256()), java.util.Optional.empty());
            Timeline.mark("diagnosed");
            // this run as its JSON report reads, for the baseline and the store alike
            SavedReport thisRun = baseline.isPresent() || options.store != null ? SavedReport.from(JsonReport.tree(in), "this run") : null;
            if (baseline.isPresent()) {
                in = in.withDiff(RunDiff.between(baseline.get(), thisRun, options.slowFactor));
            }
            boolean written = reports.write(in);
            Timeline.mark("reports written");
            Long runId = options.store == null ? null : record(options.store, in, thisRun, options.keep);
            boolean recorded = options.store == null || runId != null;
            // said on stderr, kept in the history; the exit stays the verdict's. The command line's hook wins over the config's.
            dev.greenlight.store.RunStore.HookCall call = null;
            if (options.onNoGo.command != null) {
                call = RollbackHook.run(options.onNoGo.command, options.onNoGo.timeout, in);
            } else if (loaded.onNoGo().isPresent()) {
                call = RollbackHook.run(loaded.onNoGo().get(), in, transport);
            }
            if (call != null && options.store != null) {
                recorded &= recordHookCall(options.store, runId, call);
            }
            return written && recorded ? result.exitCode() : ExitCodes.IO_ERROR;
        } catch (ReportFileException e) {
            System.err.println("greenlight: --baseline " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (ConfigException e) {
            System.err.println("greenlight: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (java.io.IOException e) {
            System.err.println("greenlight: cannot read the repository for --preflight: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    /** Records the run in the history: its id; null (said on stderr) when it cannot. */
    private static Long record(String store, ReportInput in, SavedReport thisRun, Duration keep) {
        try (dev.greenlight.store.RunStore runs = dev.greenlight.store.RunStore.open(store, true)) {
            long id = runs.record(thisRun, in.run().duration().toMillis(), in.run().decidedAfter().toMillis(),
                    in.run().exitCode(), in.context().configSha256());
            if (keep != null) {
                runs.prune(java.time.Instant.now().minus(keep));
            }
            return id;
        } catch (dev.greenlight.store.StoreException e) {
            System.err.println("greenlight: the run was not recorded: " + e.getMessage());
            return null;
        }
    }

    /** Keeps the rollback hook's call beside its run; false (said on stderr) when it cannot. */
    private static boolean recordHookCall(String store, Long runId, dev.greenlight.store.RunStore.HookCall call) {
        try (dev.greenlight.store.RunStore runs = dev.greenlight.store.RunStore.open(store, true)) {
            runs.recordHookCall(runId, java.time.Instant.now(), call);
            return true;
        } catch (dev.greenlight.store.StoreException e) {
            System.err.println("greenlight: the hook call was not recorded: " + e.getMessage());
            return false;
        }
    }

    /** The HTTP transport with the environment's proxies; a proxy variable that is not a proxy URL is bad configuration. */
    static HttpTransport proxiesOfEnvironment() throws ConfigException {
        try {
            return HttpTransport.withProxiesOf(System.getenv());
        } catch (IllegalArgumentException e) {
            // the message starts with the variable's name: "HTTPS_PROXY: the proxy must be an http:// URL ..."
            int colon = e.getMessage().indexOf(": ");
            throw new ConfigException(dev.greenlight.config.Location.of("environment variable " + e.getMessage().substring(0, colon)),
                    e.getMessage().substring(colon + 2) + "; expected http://[user:password@]host:port");
        }
    }

    /** The phase names and check ids a user can give to --only. */
    private static java.util.List<String> names(GreenlightConfig config) {
        java.util.List<String> out = new java.util.ArrayList<>();
        config.phases().forEach(p -> out.add(p.name()));
        config.services().values().forEach(s -> s.checks().values().forEach(c -> out.add(c.id())));
        return out;
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d;
            try {
                d = Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration; expected e.g. 500ms, 90s, 5m, 24h, 30d"));
            } catch (Durations.TooLong e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            if (d.isZero()) {
                throw new CommandLine.TypeConversionException("must be > 0, got " + value);
            }
            return d;
        }
    }
}
