package dev.greenlight.cli;

import dev.greenlight.config.Secrets;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportFileException;
import dev.greenlight.report.RunDiff;
import dev.greenlight.report.SavedReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight diff BASELINE.json CURRENT.json}: what changed between two runs, without running anything. */
public final class DiffCommand implements Callable<Integer> {

    enum Format { text, json, markdown }

    private CommandSpec spec;

    static CommandSpec spec() {
        DiffCommand diff = new DiffCommand();
        CommandSpec spec = Specs.command(diff, "diff", "Compares two JSON reports of greenlight verify: new failures, fixed, "
                + "still failing, newly slow, and the verdict change. Runs nothing.",
                "0:nothing new (no new failure, nothing newly slow)", "1:something new failed or got slow", "64:bad usage",
                "78:a file is not a Greenlight JSON report (or of a newer schema)");
        spec.addPositional(Specs.parameter(0, Path.class).paramLabel("BASELINE.json")
                .description("The earlier run's JSON report.").build());
        spec.addPositional(Specs.parameter(1, Path.class).paramLabel("CURRENT.json")
                .description("The later run's JSON report.").build());
        spec.addOption(Specs.option(Format.class, "--format").paramLabel("FORMAT").defaultValue("text")
                .description("Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(double.class, "--slow-factor").paramLabel("X").defaultValue("2.0")
                .description("A passing check is newly slow when it answers more than X times slower (and at least 50 ms "
                        + "slower) than in the baseline (default: ${DEFAULT-VALUE}).").build());
        diff.spec = Specs.withHelp(spec);
        return diff.spec;
    }

    @Override
    public Integer call() {
        Path baseline = Specs.positional(spec, 0);
        Path current = Specs.positional(spec, 1);
        Format format = Specs.value(spec, "--format");
        double slowFactor = Specs.value(spec, "--slow-factor");
        if (!(slowFactor > 1.0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--slow-factor must be > 1, got " + slowFactor);
        }
        RunDiff diff;
        try {
            diff = RunDiff.between(SavedReport.read(baseline), SavedReport.read(current), slowFactor);
        } catch (ReportFileException e) {
            System.err.println("greenlight: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        switch (format) {
            case json -> System.out.print(JsonReport.renderDiff(diff, Secrets.none()));
            case markdown -> diff.lines().forEach(line -> System.out.println("- " + line));
            case text -> diff.lines().forEach(System.out::println);
        }
        return diff.nothingNew() ? 0 : 1;
    }
}
