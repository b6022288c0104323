package dev.greenlight.cli;

import dev.greenlight.finding.Finding;
import dev.greenlight.report.FindingsReport;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The output options of the commands that produce findings (preflight, audit), and how their exit code is decided. */
public final class FindingsOptions {

    enum Format { text, json, sarif }

    enum Level { note, warning, error }

    Format format;
    Path output;
    Level failOn;

    static void declare(CommandSpec spec) {
        spec.addOption(Specs.option(Format.class, "--format").paramLabel("FORMAT").defaultValue("text")
                .description("Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(Path.class, "-o", "--output").paramLabel("FILE")
                .description("Write the output to FILE (whole or not at all); the text goes to stdout.").build());
        spec.addOption(Specs.option(Level.class, "--fail-on").paramLabel("LEVEL").defaultValue("error")
                .description("Exit 1 when a finding is at or above: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).").build());
    }

    static FindingsOptions of(CommandSpec spec) {
        FindingsOptions options = new FindingsOptions();
        options.format = Specs.value(spec, "--format");
        options.output = Specs.value(spec, "--output");
        options.failOn = Specs.value(spec, "--fail-on");
        return options;
    }

    /** Refuses an --output that cannot be written, before any work. */
    void checkOutput(CommandSpec spec) {
        ReportOutput.checkWritable(output).ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output + ": " + problem);
        });
    }

    /** Prints or writes the report; 1 when a finding is at or above --fail-on, 74 when the file could not be written. */
    int emit(FindingsReport report) {
        String text = switch (format) {
            case text -> report.text();
            case json -> report.json();
            case sarif -> report.sarif();
        };
        if (output != null) {
            System.out.print(report.text());
            if (!ReportOutput.writeFile(output, text)) {
                return ExitCodes.IO_ERROR;
            }
        } else {
            System.out.print(text);
        }
        Finding.Severity bar = Finding.Severity.valueOf(failOn.name().toUpperCase(Locale.ROOT));
        return report.findings().stream().anyMatch(f -> f.severity().compareTo(bar) >= 0) ? 1 : 0;
    }
}
