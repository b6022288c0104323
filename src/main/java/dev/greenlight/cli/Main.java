package dev.greenlight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code greenlight} command: one subcommand per verb. Wiring only. */
@Command(name = "greenlight", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The go/no-go gate for a deployment.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:GO", "1:NO-GO", "2:ABORTED", "3:DEGRADED", "4:INCONCLUSIVE", "64:bad usage", "70:internal error", "74:report not written",
            "78:bad configuration"})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Timeline.mark("main");
        int exit = run(args);
        Timeline.mark("exit");
        System.exit(exit);
    }

    /** Every verb, in the order help lists them (read from their annotations once picocli is on its way). */
    private static final class Verbs {
        static final java.util.Map<String, Class<?>> ALL = commands();
    }

    private static java.util.Map<String, Class<?>> commands() {
        java.util.Map<String, Class<?>> all = new java.util.LinkedHashMap<>();
        for (Class<?> c : java.util.List.of(VerifyCommand.class, DemoCommand.class, ValidateCommand.class, PreflightCommand.class,
                InitCommand.class, AuditCommand.class, DiffCommand.class, IssuesCommand.class, HistoryCommand.class, WatchCommand.class)) {
            all.put(c.getAnnotation(Command.class).name(), c);
        }
        return all;
    }

    public static int run(String... args) {
        String verb = args.length > 0 ? args[0] : "";
        if (verb.equals("verify") || verb.equals("watch") || verb.equals("demo")) {
            // first thing: picocli's set-up (90 ms cold) is time the config's reading can use on the other core
            Warmup.start();
            ConfigPrefetch.start(args);
        }
        // after the config's reader started (the JDK's security set-up takes 30-40 ms cold), and before any lookup: the
        // reader resolves no name, and any lookup of a probe's goes through Connector, whose set-up says the same first
        dev.greenlight.probe.wire.HttpTransport.askResolverEveryTime();
        CommandLine cli = new CommandLine(new Main());
        // picocli reflects over every subcommand it is given: a run of one verb builds that verb only (about 40 ms less
        // at start-up, measured when picocli's classes were still loaded from its Java 5 jar)
        Class<?> only = Verbs.ALL.get(verb);
        if (only != null) {
            cli.addSubcommand(verb, only);
        } else {
            Verbs.ALL.forEach(cli::addSubcommand);
        }
        cli.addSubcommand("help", CommandLine.HelpCommand.class);
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
        Timeline.mark("picocli built");
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
