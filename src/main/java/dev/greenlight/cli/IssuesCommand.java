package dev.greenlight.cli;

import dev.greenlight.config.Secrets;
import dev.greenlight.issues.DraftIndex;
import dev.greenlight.issues.GitHubApi;
import dev.greenlight.issues.GitHubPublisher;
import dev.greenlight.issues.IssueDraft;
import dev.greenlight.issues.IssueDrafter;
import dev.greenlight.report.ReportFileException;
import dev.greenlight.report.SavedReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight issues REPORT.json}: one issue draft per root cause; a dry run by default, or filed on GitHub. */
public final class IssuesCommand implements Callable<Integer> {

    enum Tracker { github }

    private CommandSpec spec;
    private Path report;
    private Path out;
    private Tracker publish;
    private String repo;
    private boolean closeResolved;
    private Duration maxWait;

    static CommandSpec spec() {
        IssuesCommand issues = new IssuesCommand();
        CommandSpec spec = Specs.command(issues, "issues", "Turns a JSON report's root causes into issue drafts (one per root "
                + "cause, cascades as a checklist, a stable fingerprint). Default: a dry run, Markdown files and index.json under "
                + "--out. With --publish github: filed on GitHub, an open issue with the same fingerprint commented instead of "
                + "duplicated.",
                "0:drafts written, or everything filed", "64:bad usage (--publish without --repo or GITHUB_TOKEN)",
                "74:the --out directory cannot be written", "75:GitHub refused or rate-limited part of it: what was and was not "
                        + "filed is listed; run the same command again (it files nothing twice)",
                "78:the report is not a Greenlight JSON report (or of a newer schema)");
        spec.addPositional(Specs.parameter(0, Path.class).paramLabel("REPORT.json")
                .description("A report of greenlight verify --format json.").build());
        spec.addOption(Specs.option(Path.class, "--out").paramLabel("DIR").defaultValue("greenlight-issues")
                .description("Where the dry run writes its drafts (default: ${DEFAULT-VALUE}); created if missing.").build());
        spec.addOption(Specs.option(Tracker.class, "--publish").paramLabel("TRACKER").description("File the drafts: "
                + "${COMPLETION-CANDIDATES} (token from GITHUB_TOKEN, API root from GITHUB_API_URL, default https://api.github.com).")
                .build());
        spec.addOption(Specs.option(String.class, "--repo").paramLabel("OWNER/NAME")
                .description("The repository to file in (GITHUB_REPOSITORY if unset).").build());
        spec.addOption(Specs.flag("--close-resolved").description("With --publish: close open Greenlight issues of this "
                + "environment whose root cause did not fail this run and whose service passed every check, with a comment naming "
                + "the run.").build());
        spec.addOption(Specs.option(Duration.class, "--max-wait").paramLabel("DURATION").defaultValue("60s")
                .converters(new VerifyCommand.DurationConverter())
                .description("The longest total wait for GitHub's rate limits before giving up (default: ${DEFAULT-VALUE}).")
                .build());
        issues.spec = Specs.withHelp(spec);
        return issues.spec;
    }

    @Override
    public Integer call() {
        return call(System.getenv());
    }

    Integer call(Map<String, String> env) {
        report = Specs.positional(spec, 0);
        out = Specs.value(spec, "--out");
        publish = Specs.value(spec, "--publish");
        repo = Specs.value(spec, "--repo");
        closeResolved = Specs.given(spec, "--close-resolved");
        maxWait = Specs.value(spec, "--max-wait");
        SavedReport saved;
        try {
            saved = SavedReport.read(report);
        } catch (ReportFileException e) {
            System.err.println("greenlight: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        List<IssueDraft> drafts = IssueDrafter.drafts(saved);
        if (publish == null) {
            return dryRun(drafts);
        }
        String target = repo != null ? repo : env.get("GITHUB_REPOSITORY");
        String token = env.get("GITHUB_TOKEN");
        if (target == null || !target.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--publish github needs --repo OWNER/NAME (or GITHUB_REPOSITORY)"
                    + (target == null ? "" : "; got '" + target + "'"));
        }
        if (token == null || token.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--publish github needs a token: set GITHUB_TOKEN");
        }
        Secrets secrets = Secrets.of(java.util.Set.of(token));
        URI api = URI.create(env.getOrDefault("GITHUB_API_URL", "https://api.github.com"));
        GitHubApi client = new GitHubApi(api, target, token, maxWait, Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis()));
        GitHubPublisher.Outcome outcome = new GitHubPublisher(client).publish(drafts, saved, closeResolved);
        print("created", outcome.created(), secrets);
        print("commented", outcome.commented(), secrets);
        print("unchanged", outcome.unchanged(), secrets);
        print("closed", outcome.closed(), secrets);
        print("NOT filed", outcome.notDone(), secrets);
        System.out.println(drafts.size() + " root cause" + (drafts.size() == 1 ? "" : "s") + ", " + outcome.created().size()
                + " created, " + outcome.commented().size() + " commented, " + outcome.closed().size() + " closed, "
                + outcome.requests() + " GitHub requests");
        if (!outcome.complete()) {
            System.err.println("greenlight: " + secrets.redact(String.valueOf(outcome.error()))
                    + "; run the same command again to file the rest (nothing is filed twice)");
            return ExitCodes.TEMP_FAILURE;
        }
        return 0;
    }

    private int dryRun(List<IssueDraft> drafts) {
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            System.err.println("greenlight: --out " + out + ": cannot create the directory: " + e.getMessage());
            return ExitCodes.IO_ERROR;
        }
        if (!Files.isWritable(out)) {
            System.err.println("greenlight: --out " + out + ": the directory is not writable");
            return ExitCodes.IO_ERROR;
        }
        java.util.Set<Path> written = new java.util.HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            IssueDraft d = drafts.get(i);
            written.add(out.resolve(DraftIndex.fileName(i + 1, d)));
            if (!ReportOutput.writeFile(out.resolve(DraftIndex.fileName(i + 1, d)), DraftIndex.markdown(d))) {
                return ExitCodes.IO_ERROR;
            }
            System.out.println(out.resolve(DraftIndex.fileName(i + 1, d)) + "  " + d.title());
        }
        if (!ReportOutput.writeFile(out.resolve("index.json"), DraftIndex.json(drafts, report.toString()))) {
            return ExitCodes.IO_ERROR;
        }
        removeStaleDrafts(written);
        System.out.println(drafts.size() + " draft" + (drafts.size() == 1 ? "" : "s") + " (one per root cause) and "
                + out.resolve("index.json") + "; nothing filed (add --publish github to file them)");
        return 0;
    }

    /** Drafts an earlier dry run left in --out that this report no longer has: the directory holds this run's only. */
    private void removeStaleDrafts(java.util.Set<Path> written) {
        try (java.util.stream.Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                if (DraftIndex.isDraftFile(f.getFileName().toString()) && !written.contains(f)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (java.io.IOException e) {
            System.err.println("greenlight: could not tidy " + out + ": " + e.getMessage());
        }
    }

    private static void print(String what, List<String> items, Secrets secrets) {
        items.forEach(item -> System.out.println(what + ": " + secrets.redact(item)));
    }
}
