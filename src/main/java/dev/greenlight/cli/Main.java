package dev.greenlight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code greenlight} command: one subcommand per verb. Wiring only. */
@Command(name = "greenlight", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The go/no-go gate for a deployment.",
        subcommands = {VerifyCommand.class, DemoCommand.class, ValidateCommand.class, PreflightCommand.class, InitCommand.class, AuditCommand.class, DiffCommand.class, IssuesCommand.class, HistoryCommand.class, WatchCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:GO", "1:NO-GO", "2:ABORTED", "3:DEGRADED", "4:INCONCLUSIVE", "64:bad usage", "70:internal error", "74:report not written",
            "78:bad configuration"})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        dev.greenlight.probe.wire.HttpTransport.askResolverEveryTime();
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("greenlight: " + e.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof PreflightCommand.BadConfig bad) {
                cmd.getErr().println("greenlight: " + bad.getMessage());
                return ExitCodes.CONFIG;
            }
            cmd.getErr().println("greenlight: internal error (a bug in Greenlight, please report it):");
            e.printStackTrace(cmd.getErr());
            return ExitCodes.SOFTWARE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'greenlight verify'");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"greenlight " + (version == null ? "dev" : version)};
        }
    }
}
