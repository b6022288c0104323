package dev.greenlight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code greenlight} command: one subcommand per verb. Wiring only. */
public final class Main implements Runnable {

    private CommandSpec spec;

    static CommandSpec spec() {
        Main main = new Main();
        main.spec = Specs.withHelp(Specs.command(main, "greenlight", "The go/no-go gate for a deployment.",
                "0:GO", "1:NO-GO", "2:ABORTED", "3:DEGRADED", "4:INCONCLUSIVE", "64:bad usage", "70:internal error",
                "74:report not written", "78:bad configuration"));
        main.spec.usageMessage().sortOptions(true);
        return main.spec;
    }

    public static void main(String[] args) {
        Timeline.mark("main");
        int exit = run(args);
        Timeline.mark("exit");
        System.exit(exit);
    }

    /** Every verb, in the order help lists them. */
    static final String[] VERBS = {"verify", "demo", "validate", "preflight", "init", "audit", "diff", "issues", "history", "watch"};

    /** The command of a verb; null for none. (No method references: their call sites cost 10 ms before main.) */
    static CommandSpec command(String verb) {
        return switch (verb) {
            case "verify" -> VerifyCommand.spec();
            case "demo" -> DemoCommand.spec();
            case "validate" -> ValidateCommand.spec();
            case "preflight" -> PreflightCommand.spec();
            case "init" -> InitCommand.spec();
            case "audit" -> AuditCommand.spec();
            case "diff" -> DiffCommand.spec();
            case "issues" -> IssuesCommand.spec();
            case "history" -> HistoryCommand.spec();
            case "watch" -> WatchCommand.spec();
            default -> null;
        };
    }

    public static int run(String... args) {
        String verb = args.length > 0 ? args[0] : "";
        if (verb.equals("verify") || verb.equals("watch") || verb.equals("demo")) {
            // first thing: picocli's set-up is time the config's reading can use on the other core
            Warmup.start();
            ConfigPrefetch.start(args);
        }
        // the other verbs probe nothing: the JVM's DNS cache hides no flip from what they look up once (issues' GitHub
        // API, history's database); any probe's lookup goes through Connector, whose set-up turns that cache off first
        // picocli's own switches: no built-in converter for types no option has (each is looked up with Class.forName:
        // 12 ms cold; every Duration has its own converter), and no search for Groovy's closures (5 ms)
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cli = new CommandLine(spec());
        // a run of one verb builds that verb only; help and a mistyped verb list them all
        CommandSpec only = command(verb);
        if (only != null) {
            cli.addSubcommand(verb, only);
        } else {
            for (String name : VERBS) {
                cli.addSubcommand(name, command(name));
            }
            cli.addSubcommand("help", CommandLine.HelpCommand.class); // picocli's own, read from its annotations
        }
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
