package dev.greenlight.cli;

import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.Preflight;
import dev.greenlight.preflight.PlanWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight init}: a starter greenlight.yaml from the repository's deployment files (the preflight model). */
public final class InitCommand implements Callable<Integer> {

    private CommandSpec spec;

    static CommandSpec spec() {
        InitCommand init = new InitCommand();
        CommandSpec spec = Specs.command(init, "init", "Writes a starter greenlight.yaml from the repository's compose, "
                + "Kubernetes, Cloud Run and Docker files: one service each, reachability checks for databases and caches, a "
                + "health check for the rest.",
                "0:written", "64:bad usage (the file exists: --force)", "74:the file could not be written");
        spec.addPositional(Specs.optionalParameter(0, Path.class).paramLabel("DIR").defaultValue(".")
                .description("The repository (default: .).").build());
        spec.addOption(Specs.option(Path.class, "-o", "--output").paramLabel("FILE").defaultValue("greenlight.yaml")
                .description("Where to write the plan (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(String.class, "--environment").paramLabel("NAME").defaultValue("staging")
                .description("The environment named in the plan (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.flag("--force").description("Overwrite FILE when it exists.").build());
        init.spec = Specs.withHelp(spec);
        return init.spec;
    }

    @Override
    public Integer call() throws IOException {
        Path dir = Specs.positional(spec, 0);
        Path output = Specs.value(spec, "--output");
        String environment = Specs.value(spec, "--environment");
        boolean force = Specs.given(spec, "--force");
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + ": not a directory");
        }
        if (Files.exists(output) && !force) {
            throw new CommandLine.ParameterException(spec.commandLine(), output + " exists; use --force to overwrite it");
        }
        ReportOutput.checkWritable(output).ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output + ": " + problem);
        });
        DeploymentModel model = Preflight.scan(dir);
        if (model.services().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + ": no deployment file found (Dockerfile, "
                    + "compose, Kubernetes or Cloud Run YAML, Procfile, gcloud deploy script)");
        }
        if (!ReportOutput.writeFile(output, PlanWriter.yaml(model, environment))) {
            return ExitCodes.IO_ERROR;
        }
        System.err.println("greenlight init: wrote " + output + " (" + model.services().size() + " services from "
                + model.filesRead().size() + " files); check it with: greenlight validate -c " + output);
        return 0;
    }
}
