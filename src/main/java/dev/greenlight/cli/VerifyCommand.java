package dev.greenlight.cli;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.config.Durations;
import dev.greenlight.config.GreenlightConfig;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.plan.RunClock;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.HttpTransport;
import dev.greenlight.report.ConsoleProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code greenlight verify}: load the config, run the plan, report, exit with the verdict's code. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the plan of greenlight.yaml against the live services and answers GO or NO-GO.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:GO", "1:NO-GO", "2:ABORTED", "3:DEGRADED (0 with accept_degraded: true)", "4:INCONCLUSIVE",
            "64:bad usage", "70:internal error", "74:the report file could not be written", "78:bad configuration"})
public final class VerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "greenlight.yaml",
            description = "The plan to run (default: ${DEFAULT-VALUE}).")
    private Path config;

    @Option(names = "--settle", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long services may take to become ready (e.g. 90s, 5m); failing checks are probed "
                    + "again with backoff until then. Overrides 'settle' of the config.")
    private Duration settle;

    @Option(names = "--concurrency", paramLabel = "N", description = "Checks run at once (overrides 'concurrency', default 32).")
    private Integer concurrency;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "console",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report (in --format) to FILE, whole or not at all; the console report still goes to stdout.")
    private Path output;

    @Option(names = "--no-color", description = "No colour, even on a terminal (NO_COLOR is honoured too).")
    private boolean noColor;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    private boolean quiet;

    @Override
    public Integer call() {
        Terminal terminal = Terminal.detect(noColor);
        try {
            if (concurrency != null && (concurrency < 1 || concurrency > 4096)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--concurrency must be between 1 and 4096, got " + concurrency);
            }
            ReportOutput.checkWritable(output).ifPresent(problem -> {
                throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output + ": " + problem);
            });
            GreenlightConfig loaded = ConfigLoader.fromSystemEnvironment().load(config);
            if (settle != null) {
                loaded = loaded.withSettle(settle);
            }
            if (concurrency != null) {
                loaded = loaded.withConcurrency(concurrency);
            }
            Plan plan = new PlanBuilder(new HttpTransport()).build(loaded);
            ProgressListener progress = quiet ? ProgressListener.NONE
                    : new ConsoleProgress(System.err, terminal.live(), terminal.style(), plan.secrets());
            RunResult result = new PlanRunner(RunClock.system(), progress).run(plan);
            return new ReportOutput(format, output, terminal).write(result, plan.secrets()) ? result.exitCode()
                    : ExitCodes.IO_ERROR;
        } catch (ConfigException e) {
            System.err.println("greenlight: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration; expected e.g. 500ms, 90s, 5m"));
            if (d.isZero()) {
                throw new CommandLine.TypeConversionException("must be > 0, got " + value);
            }
            return d;
        }
    }
}
