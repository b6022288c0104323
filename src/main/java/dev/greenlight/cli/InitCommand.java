package dev.greenlight.cli;

import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.Preflight;
import dev.greenlight.preflight.PlanWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight init}: a starter greenlight.yaml from the repository's deployment files (the preflight model). */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes a starter greenlight.yaml from the repository's compose, Kubernetes, Cloud Run and Docker files: "
                + "one service each, reachability checks for databases and caches, a health check for the rest.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "64:bad usage (the file exists: --force)",
            "74:the file could not be written"})
public final class InitCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1", defaultValue = ".", description = "The repository (default: .).")
    private Path dir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "greenlight.yaml",
            description = "Where to write the plan (default: ${DEFAULT-VALUE}).")
    private Path output;

    @Option(names = "--environment", paramLabel = "NAME", defaultValue = "staging",
            description = "The environment named in the plan (default: ${DEFAULT-VALUE}).")
    private String environment;

    @Option(names = "--force", description = "Overwrite FILE when it exists.")
    private boolean force;

    @Override
    public Integer call() throws IOException {
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
