package dev.greenlight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.audit.AuditInput;
import dev.greenlight.audit.Auditor;
import dev.greenlight.finding.Finding;
import dev.greenlight.audit.ReportException;
import dev.greenlight.audit.ReportFile;
import dev.greenlight.audit.ReportReader;
import dev.greenlight.audit.ReportTime;
import dev.greenlight.report.FindingsReport;
import java.io.IOException;
import java.nio.file.Path;
import dev.greenlight.config.Durations;
import java.time.Duration;
import java.time.Instant;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight audit}: reads a team's test results and names the ways they lie. */
public final class AuditCommand implements Callable<Integer> {

    private CommandSpec spec;
    private FindingsOptions out;
    private List<String> places;
    private String maxSkipped;
    private String e2ePattern;
    private Duration minCaseTime;
    private Duration minSuiteTime;
    private Path baseline;
    private Path verify;
    private String since;

    static CommandSpec spec() {
        AuditCommand audit = new AuditCommand();
        CommandSpec spec = Specs.command(audit, "audit", "Reads test results (JUnit XML of any common dialect, pytest's terminal "
                + "output, TAP, go test -json) and reports the ways they lie: nothing ran, tests that never started, all skipped, "
                + "end-to-end suites too fast to be real, coroutines never awaited, flaky passes, shrinking suites, a green suite "
                + "against a red live verdict, reports left from an earlier run.",
                "0:no finding at or above --fail-on", "1:findings at or above --fail-on", "64:bad usage",
                "74:the report file could not be written", "78:a result file that cannot be read (file:line:column)");
        FindingsOptions.declare(spec);
        spec.addPositional(Specs.parameters(0, String.class).paramLabel("REPORTS").description("Result files, directories (every *.xml, *.tap and *.json, and pytest logs, "
                        + "below them) or quoted globs ('target/surefire-reports/*.xml').").build());
        spec.addOption(Specs.option(String.class, "--max-skipped").paramLabel("RATE").defaultValue("20%")
                .description("A run skipping more than this share is flagged (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(String.class, "--e2e-pattern").paramLabel("REGEX")
                .description("What marks an end-to-end suite in its name, file, class or properties "
                        + "(default: e2e|end-to-end|integration|staging|smoke, any case).").build());
        spec.addOption(Specs.option(Duration.class, "--min-case-time").paramLabel("DURATION").defaultValue("50ms")
                .converters(new VerifyCommand.DurationConverter())
                .description("An end-to-end test faster than this did not reach a real system (default: ${DEFAULT-VALUE}).")
                .build());
        spec.addOption(Specs.option(Duration.class, "--min-suite-time").paramLabel("DURATION").defaultValue("1s")
                .converters(new VerifyCommand.DurationConverter())
                .description("An end-to-end suite faster than this did not either (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(Path.class, "--baseline").paramLabel("FILE")
                .description("A previous 'audit --format json': flag tests that disappeared.").build());
        spec.addOption(Specs.option(Path.class, "--verify").paramLabel("FILE").description("A 'verify --format json' report of the "
                + "same environment: flag end-to-end suites that passed while it was not GO.").build());
        spec.addOption(Specs.option(String.class, "--since").paramLabel("WHEN")
                .description("When this run's tests started: a report written before it is an earlier run's (error). "
                        + "An ISO-8601 time (2026-11-28T07:00:00Z; without a zone, this machine's), epoch seconds "
                        + "($(date +%%s) saved at the job's start), or a duration ago (2h). In a GitLab job, CI_JOB_STARTED_AT by "
                        + "default.").build());
        audit.spec = Specs.withHelp(spec);
        return audit.spec;
    }

    @Override
    public Integer call() {
        out = FindingsOptions.of(spec);
        places = Specs.positional(spec, 0);
        maxSkipped = Specs.value(spec, "--max-skipped");
        e2ePattern = Specs.value(spec, "--e2e-pattern");
        minCaseTime = Specs.value(spec, "--min-case-time");
        minSuiteTime = Specs.value(spec, "--min-suite-time");
        baseline = Specs.value(spec, "--baseline");
        verify = Specs.value(spec, "--verify");
        since = Specs.value(spec, "--since");
        double skippedShare = rate(maxSkipped);
        Optional<AuditInput.JobStart> start = jobStart(System.getenv("CI_JOB_STARTED_AT"));
        Pattern e2e = pattern();
        out.checkOutput(spec);
        try {
            ReportPlaces.Found found = ReportPlaces.expand(places);
            for (String missing : found.missingFiles()) {
                throw new CommandLine.ParameterException(spec.commandLine(), missing + ": no such file or directory");
            }
            List<ReportFile> reports = new ArrayList<>();
            for (Path file : found.files()) {
                try {
                    reports.add(ReportReader.read(file));
                } catch (ReportException.NotAReport e) {
                    if (found.named().contains(file)) {
                        throw e; // named on its own, it must be a report; found by a walk, it is another file
                    }
                }
            }
            AuditInput input = new AuditInput(reports, found.empty(), e2e, minCaseTime, minSuiteTime, skippedShare,
                    baseline(), liveVerdict(), start);
            List<Finding> findings = Auditor.audit(input);
            FindingsReport report = new FindingsReport("greenlight audit", summary(reports), findings,
                    Auditor.RULES.stream().map(dev.greenlight.audit.AuditRule::info).toList(),
                    inventory(reports));
            return out.emit(report);
        } catch (ReportException e) {
            System.err.println("greenlight: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (IOException e) {
            System.err.println("greenlight: cannot read a report: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
    }

    private static String summary(List<ReportFile> reports) {
        long suites = reports.stream().mapToLong(r -> r.suites().size()).sum();
        long tests = reports.stream().mapToLong(ReportFile::caseCount).sum();
        return reports.size() + (reports.size() == 1 ? " report, " : " reports, ") + suites + (suites == 1 ? " suite, " : " suites, ")
                + tests + (tests == 1 ? " test" : " tests");
    }

    private static List<String> inventory(List<ReportFile> reports) {
        return reports.stream().flatMap(r -> r.suites().stream()).flatMap(s -> s.cases().stream()).map(c -> c.id())
                .distinct().toList();
    }

    private double rate(String text) {
        String t = text.trim();
        try {
            double value = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
            if (!t.endsWith("%") && value > 1 || value < 0 || value > 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-skipped must be a share such as 20% or 0.2, got "
                    + text);
        }
    }

    /**
     * When this run's tests started: {@code --since}, else GitLab's {@code CI_JOB_STARTED_AT} (ISO-8601, set in every
     * job); none otherwise. A variable that is not a time is said and left out (the audit goes on as without it).
     */
    private Optional<AuditInput.JobStart> jobStart(String gitlabJobStart) {
        if (since != null) {
            return Optional.of(new AuditInput.JobStart(since(since), "--since"));
        }
        if (gitlabJobStart == null || gitlabJobStart.isBlank()) {
            return Optional.empty();
        }
        ReportTime at = ReportTime.parse(gitlabJobStart.strip());
        if (at == null || at.at().isAfter(Instant.now().plusSeconds(60))) {
            System.err.println("greenlight: CI_JOB_STARTED_AT='" + gitlabJobStart + "' is not a time this job can have "
                    + "started at (expected ISO-8601, such as 2026-11-28T07:00:00Z); give --since");
            return Optional.empty();
        }
        return Optional.of(new AuditInput.JobStart(at.at(), "CI_JOB_STARTED_AT"));
    }

    /** {@code --since}: an ISO-8601 time, epoch seconds, or a duration before now; never in the future. */
    private Instant since(String text) {
        Instant now = Instant.now();
        String t = text.strip();
        Instant at;
        try {
            Optional<Duration> ago = Durations.parse(t);
            ReportTime written = ReportTime.parse(t);
            if (t.matches("@?\\d+")) {
                at = Instant.ofEpochSecond(Long.parseLong(t.startsWith("@") ? t.substring(1) : t));
            } else if (ago.isPresent()) {
                at = now.minus(ago.get());
            } else if (written != null) {
                at = written.at();
            } else {
                throw new NumberFormatException(t);
            }
        } catch (RuntimeException e) { // not a number, a duration longer than ten years, or a second out of range
            throw new CommandLine.ParameterException(spec.commandLine(), "--since must be an ISO-8601 time "
                    + "(2026-11-28T07:00:00Z), epoch seconds (1795849200) or a duration ago (2h), got '" + text + "'");
        }
        if (at.isAfter(now.plusSeconds(60))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since " + text + " is in the future ("
                    + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "); expected when this run's tests started"
                    + (t.matches("\\d{12,}") ? " (epoch seconds, not milliseconds)" : ""));
        }
        return at;
    }

    private Pattern pattern() {
        if (e2ePattern == null) {
            return AuditInput.DEFAULT_E2E;
        }
        try {
            return Pattern.compile(e2ePattern, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--e2e-pattern is not a regular expression: "
                    + e.getDescription());
        }
    }

    private Optional<AuditInput.Baseline> baseline() throws ReportException {
        if (baseline == null) {
            return Optional.empty();
        }
        JsonNode root = json(baseline, "an earlier 'greenlight audit --format json'");
        JsonNode ids = root.get("test_ids");
        if (ids == null || !ids.isArray()) {
            throw new ReportException(baseline + ":1:1: no 'test_ids' list; expected the JSON of an earlier "
                    + "'greenlight audit --format json'");
        }
        List<String> list = new ArrayList<>();
        ids.forEach(n -> list.add(n.asText()));
        return Optional.of(new AuditInput.Baseline(baseline.toString(), list));
    }

    private Optional<AuditInput.LiveVerdict> liveVerdict() throws ReportException {
        if (verify == null) {
            return Optional.empty();
        }
        JsonNode root = json(verify, "a 'greenlight verify --format json' report");
        if (!root.hasNonNull("verdict")) {
            throw new ReportException(verify + ":1:1: no 'verdict'; expected a 'greenlight verify --format json' report");
        }
        List<String> reasons = new ArrayList<>();
        root.path("reasons").forEach(n -> reasons.add(n.asText()));
        return Optional.of(new AuditInput.LiveVerdict(verify.toString(), root.get("verdict").asText(), reasons));
    }

    private static JsonNode json(Path file, String expected) throws ReportException {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new ReportException(file + ":" + (at == null ? 0 : at.getLineNr()) + ":" + (at == null ? 0 : at.getColumnNr())
                    + ": not JSON (" + e.getOriginalMessage() + "); expected " + expected);
        } catch (IOException e) {
            throw new ReportException(file + ":0:0: cannot be read (" + e.getMessage() + "); expected " + expected);
        }
    }
}
