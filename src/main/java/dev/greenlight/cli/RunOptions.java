package dev.greenlight.cli;

import dev.greenlight.report.ReportFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of a verify run, shared by {@code verify} and {@code demo}. */
public final class RunOptions {

    @Option(names = "--settle", paramLabel = "DURATION", converter = VerifyCommand.DurationConverter.class,
            description = "How long services may take to become ready (e.g. 90s, 5m); failing checks are probed "
                    + "again with backoff until then. Overrides 'settle' of the config.")
    Duration settle;

    @Option(names = "--concurrency", paramLabel = "N", description = "Checks run at once (overrides 'concurrency', default 32).")
    Integer concurrency;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "console",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report (in --format) to FILE, whole or not at all; the console report still goes to stdout.")
    Path output;

    @Option(names = "--report", paramLabel = "FORMAT=FILE", converter = ReportTarget.Converter.class,
            description = "Also write the report in FORMAT to FILE (repeatable): e.g. --report junit=greenlight.xml "
                    + "--report html=greenlight.html. Every file is checked writable before any probe runs.")
    List<ReportTarget> reports = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "REPORT.json",
            description = "A JSON report of an earlier run: every format adds what changed since it (new failures, "
                    + "fixed, still failing, newly slow, the verdict change).")
    Path baseline;

    @Option(names = "--slow-factor", paramLabel = "X", defaultValue = "2.0",
            description = "With --baseline: a passing check is newly slow when it answers more than X times slower "
                    + "(and at least 50 ms slower) than in the baseline (default: ${DEFAULT-VALUE}).")
    double slowFactor;

    @Option(names = "--no-color", description = "No colour, even on a terminal (NO_COLOR is honoured too).")
    boolean noColor;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--only", paramLabel = "PHASE|CHECK", split = ",",
            description = "Run only these phases or checks (service.check); repeatable or comma-separated.")
    java.util.List<String> only;

    @Option(names = "--store", paramLabel = "STORE",
            description = "Also record the run in this history (sqlite:FILE or postgresql://USER@HOST/DB, password from "
                    + "the URL or PGPASSWORD), for greenlight history; a run that cannot be recorded exits 74 after its report.")
    String store;

    @Option(names = "--keep", paramLabel = "DURATION", converter = VerifyCommand.DurationConverter.class,
            description = "With --store: delete the runs older than this (e.g. 30d) after recording this one.")
    java.time.Duration keep;

    @picocli.CommandLine.Mixin
    OnNoGoOptions onNoGo = new OnNoGoOptions();

    /** Set by demo: its staging is on loopback, reached directly whatever HTTPS_PROXY says. */
    boolean directOnly;

    /** Set by verify's own --preflight option (demo has none). */
    Path preflight;

    @Option(names = {"-v", "--verbose"}, description = "Show each attempt's request and the head of its answer on stderr.")
    boolean verbose;
}
