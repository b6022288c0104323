package dev.greenlight.cli;

import dev.greenlight.report.ReportFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The options of a verify run, shared by {@code verify} and {@code demo}. */
public final class RunOptions {

    Duration settle;
    Integer concurrency;
    ReportFormat format;
    Path output;
    List<ReportTarget> reports;
    Path baseline;
    double slowFactor;
    boolean noColor;
    boolean quiet;
    List<String> only;
    String store;
    Duration keep;
    OnNoGoOptions onNoGo;
    boolean verbose;

    /** Set by demo: its staging is on loopback, reached directly whatever HTTPS_PROXY says. */
    boolean directOnly;

    /** Set by verify's own --preflight option (demo has none). */
    Path preflight;

    /** Declares the options on {@code spec}, after the command's own first ones. */
    static void declare(CommandSpec spec) {
        spec.addOption(Specs.option(Duration.class, "--settle").paramLabel("DURATION").converters(new VerifyCommand.DurationConverter())
                .description("How long services may take to become ready (e.g. 90s, 5m); failing checks are probed "
                        + "again with backoff until then. Overrides 'settle' of the config.").build());
        spec.addOption(Specs.option(Integer.class, "--concurrency").paramLabel("N")
                .description("Checks run at once (overrides 'concurrency', default 32).").build());
        spec.addOption(Specs.option(ReportFormat.class, "--format").paramLabel("FORMAT").defaultValue("console")
                .description("Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(Path.class, "-o", "--output").paramLabel("FILE")
                .description("Write the report (in --format) to FILE, whole or not at all; the console report still goes to stdout.")
                .build());
        spec.addOption(Specs.repeated(ReportTarget.class, false, "--report").paramLabel("FORMAT=FILE")
                .converters(new ReportTarget.Converter())
                .description("Also write the report in FORMAT to FILE (repeatable): e.g. --report junit=greenlight.xml "
                        + "--report html=greenlight.html. Every file is checked writable before any probe runs.").build());
        spec.addOption(Specs.option(Path.class, "--baseline").paramLabel("REPORT.json")
                .description("A JSON report of an earlier run: every format adds what changed since it (new failures, "
                        + "fixed, still failing, newly slow, the verdict change).").build());
        spec.addOption(Specs.option(double.class, "--slow-factor").paramLabel("X").defaultValue("2.0")
                .description("With --baseline: a passing check is newly slow when it answers more than X times slower "
                        + "(and at least 50 ms slower) than in the baseline (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.flag("--no-color").description("No colour, even on a terminal (NO_COLOR is honoured too).").build());
        spec.addOption(Specs.flag("-q", "--quiet").description("No progress lines on stderr.").build());
        spec.addOption(Specs.repeated(String.class, true, "--only").paramLabel("PHASE|CHECK")
                .description("Run only these phases or checks (service.check); repeatable or comma-separated.").build());
        spec.addOption(Specs.option(String.class, "--store").paramLabel("STORE")
                .description("Also record the run in this history (sqlite:FILE or postgresql://USER@HOST/DB, password from "
                        + "the URL or PGPASSWORD), for greenlight history; a run that cannot be recorded exits 74 after its report.")
                .build());
        spec.addOption(Specs.option(Duration.class, "--keep").paramLabel("DURATION").converters(new VerifyCommand.DurationConverter())
                .description("With --store: delete the runs older than this (e.g. 30d) after recording this one.").build());
        OnNoGoOptions.declare(spec);
        spec.addOption(Specs.flag("-v", "--verbose")
                .description("Show each attempt's request and the head of its answer on stderr.").build());
    }

    /** The options as {@code spec}'s command line gave them. */
    static RunOptions of(CommandSpec spec) {
        RunOptions options = new RunOptions();
        options.settle = Specs.value(spec, "--settle");
        options.concurrency = Specs.value(spec, "--concurrency");
        options.format = Specs.value(spec, "--format");
        options.output = Specs.value(spec, "--output");
        options.reports = Specs.values(spec, "--report");
        options.baseline = Specs.value(spec, "--baseline");
        options.slowFactor = Specs.value(spec, "--slow-factor");
        options.noColor = Specs.given(spec, "--no-color");
        options.quiet = Specs.given(spec, "--quiet");
        options.only = Specs.values(spec, "--only");
        options.store = Specs.value(spec, "--store");
        options.keep = Specs.value(spec, "--keep");
        options.onNoGo = OnNoGoOptions.of(spec);
        options.verbose = Specs.given(spec, "--verbose");
        return options;
    }
}
