package dev.greenlight.cli;

import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.Preflight;
import dev.greenlight.preflight.PreflightRule;
import dev.greenlight.preflight.Suppressions;
import dev.greenlight.report.FindingsReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight preflight}: the drift between a repository's deployment files, before the deploy. */
public final class PreflightCommand implements Callable<Integer> {

    private CommandSpec spec;
    private FindingsOptions out;
    private Path dir;
    private List<String> only;
    private List<String> skip;
    private Path config;
    private Path verifyReport;

    static CommandSpec spec() {
        PreflightCommand preflight = new PreflightCommand();
        CommandSpec spec = Specs.command(preflight, "preflight", "Reads the repository's deployment files together (Dockerfiles, "
                + "gunicorn configs, Procfile, compose, Kubernetes and Cloud Run YAML, gcloud deploy scripts) and reports the "
                + "drift that breaks deploys.",
                "0:no finding at or above --fail-on", "1:findings at or above --fail-on", "64:bad usage",
                "74:the report file could not be written");
        FindingsOptions.declare(spec);
        spec.addPositional(Specs.optionalParameter(0, Path.class).paramLabel("DIR").defaultValue(".")
                .description("The repository (default: .).").build());
        spec.addOption(Specs.repeated(String.class, true, "--rule").paramLabel("ID").description("Run only these rules (GL-P001,...).")
                .build());
        spec.addOption(Specs.repeated(String.class, true, "--skip-rule").paramLabel("ID").description("Do not run these rules.").build());
        spec.addOption(Specs.option(Path.class, "-c", "--config").paramLabel("FILE")
                .description("A greenlight.yaml whose 'preflight:' section (ignore, flags) applies.").build());
        spec.addOption(Specs.option(Path.class, "--report").paramLabel("FILE").description("A 'verify --format json' report: the "
                + "startup it measured is checked against the platform's startup budgets (GL-P010).").build());
        preflight.spec = Specs.withHelp(spec);
        return preflight.spec;
    }

    @Override
    public Integer call() throws IOException {
        out = FindingsOptions.of(spec);
        dir = Specs.positional(spec, 0);
        only = Specs.values(spec, "--rule");
        skip = Specs.values(spec, "--skip-rule");
        config = Specs.value(spec, "--config");
        verifyReport = Specs.value(spec, "--report");
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + ": not a directory");
        }
        out.checkOutput(spec);
        List<String> ids = Preflight.RULES.stream().map(r -> r.info().id()).toList();
        for (List<String> named : java.util.Arrays.asList(only, skip)) {
            for (String id : named) {
                if (!ids.contains(id.toUpperCase(Locale.ROOT))) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "unknown rule '" + id + "'; expected one of "
                            + String.join(", ", ids));
                }
            }
        }
        dev.greenlight.config.PreflightConfig settings = settings();
        List<PreflightRule> rules = Preflight.rules(settings.flags()).stream()
                .filter(r -> only.isEmpty() || only.stream().anyMatch(id -> id.equalsIgnoreCase(r.info().id())))
                .filter(r -> skip.stream().noneMatch(id -> id.equalsIgnoreCase(r.info().id()))).toList();
        DeploymentModel model = Preflight.scan(dir);
        if (verifyReport != null) {
            readStartups(model);
        }
        Suppressions.Result findings = Suppressions.apply(dir, Preflight.check(model, rules), ignores(settings));
        int files = model.filesRead().size();
        int services = model.services().size();
        int silenced = findings.suppressed().size();
        FindingsReport report = new FindingsReport("greenlight preflight", files + (files == 1 ? " deployment file, " : " deployment files, ")
                + services + (services == 1 ? " service" : " services") + (silenced == 0 ? "" : " (" + silenced
                + " finding" + (silenced == 1 ? "" : "s") + " silenced by ignore comments or the config)"), findings.kept(), rules.stream().map(PreflightRule::info).toList(), List.of());
        return out.emit(report);
    }

    /** The config's preflight section (none without -c); a bad config is the usual 78, through the caller. */
    private dev.greenlight.config.PreflightConfig settings() {
        if (config == null) {
            return dev.greenlight.config.PreflightConfig.NONE;
        }
        try {
            return dev.greenlight.config.ConfigLoader.fromSystemEnvironment().load(config).preflight();
        } catch (dev.greenlight.config.ConfigException e) {
            throw new BadConfig(e);
        }
    }

    static List<Suppressions.Ignore> ignores(dev.greenlight.config.PreflightConfig settings) {
        return settings.ignores().stream().map(i -> new Suppressions.Ignore(i.rule(), i.path())).toList();
    }

    /** A configuration error on the way: reported as 78 by {@link Main}'s handler like verify's. */
    static final class BadConfig extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadConfig(dev.greenlight.config.ConfigException e) {
            super(e.getMessage(), e);
        }
    }

    /** The startup timelines of a verify report, by service name as the report has them. */
    private void readStartups(DeploymentModel model) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(verifyReport.toFile());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report " + verifyReport + ": not a readable "
                    + "'greenlight verify --format json' report (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        root.path("diagnosis").path("timelines").fields().forEachRemaining(e -> model.add(new dev.greenlight.preflight.ObservedStartup(
                e.getKey().toLowerCase(Locale.ROOT), e.getValue().path("ready_after_ms").asLong(0),
                e.getValue().path("state").asText(""), verifyReport.getFileName().toString())));
    }
}
