package dev.greenlight.preflight;

import dev.greenlight.finding.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline suppressions, as hadolint and kube-linter users write them: a comment {@code greenlight: ignore GL-P001
 * reason} on the line a finding points at, or on the line above it, silences that rule there.
 */
public final class Suppressions {

    private static final Pattern IGNORE = Pattern.compile("greenlight:\\s*ignore\\s+((?:GL-[A-Z]\\d{3}[,\\s]*)+)(.*)");

    /** An ignore from the config: a rule, everywhere or in the files a glob matches. */
    public record Ignore(String rule, String pathGlob) {
        boolean matches(Finding f) {
            return rule.equals(f.ruleId()) && (pathGlob == null || f.file() != null
                    && java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pathGlob).matches(Path.of(f.file())));
        }
    }

    /** What was kept and what a comment silenced. */
    public record Result(List<Finding> kept, List<Finding> suppressed) {
    }

    private Suppressions() {
    }

    public static Result apply(Path root, List<Finding> findings) throws IOException {
        return apply(root, findings, List.of());
    }

    /** Comments in the files, and the config's ignores. */
    public static Result apply(Path root, List<Finding> findings, List<Ignore> ignores) throws IOException {
        Map<String, List<String>> files = new HashMap<>();
        List<Finding> kept = new ArrayList<>();
        List<Finding> suppressed = new ArrayList<>();
        for (Finding f : findings) {
            if (ignores.stream().anyMatch(i -> i.matches(f))) {
                suppressed.add(f);
                continue;
            }
            if (f.file() == null || f.line() <= 0) {
                kept.add(f);
                continue;
            }
            List<String> lines = files.computeIfAbsent(f.file(), file -> read(root.resolve(file)));
            boolean silenced = ignores(lines, f.line(), f.ruleId()) || ignores(lines, f.line() - 1, f.ruleId());
            (silenced ? suppressed : kept).add(f);
        }
        return new Result(kept, suppressed);
    }

    private static boolean ignores(List<String> lines, int line, String ruleId) {
        if (line < 1 || line > lines.size()) {
            return false;
        }
        Matcher m = IGNORE.matcher(lines.get(line - 1));
        return m.find() && List.of(m.group(1).trim().split("[,\\s]+")).contains(ruleId);
    }

    private static List<String> read(Path file) {
        try {
            return TextFile.lines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
