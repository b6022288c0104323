package dev.greenlight.preflight;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The scanned directory's own {@code .gitignore}, so generated and vendored files are not read: names ({@code build}),
 * globs ({@code *.generated.yaml}), rooted paths ({@code /deploy/tmp}), directory-only patterns ({@code out/}).
 * Negations ({@code !keep.yaml}) and nested .gitignore files are not read.
 */
final class GitIgnore {

    private record Rule(PathMatcher matcher, boolean anyDepth, boolean dirOnly) {
    }

    private final List<Rule> rules;

    private GitIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static GitIgnore of(Path root) throws IOException {
        Path file = root.resolve(".gitignore");
        List<Rule> rules = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String raw : TextFile.lines(file)) {
                String p = raw.strip();
                if (p.isEmpty() || p.startsWith("#") || p.startsWith("!")) {
                    continue;
                }
                boolean dirOnly = p.endsWith("/");
                p = dirOnly ? p.substring(0, p.length() - 1) : p;
                boolean anyDepth = !p.contains("/");
                p = p.startsWith("/") ? p.substring(1) : p;
                rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + p), anyDepth, dirOnly));
            }
        }
        return new GitIgnore(rules);
    }

    boolean ignores(Path root, Path path, boolean directory) {
        Path rel = root.relativize(path);
        for (Rule r : rules) {
            if (r.dirOnly() && !directory) {
                continue;
            }
            if (r.anyDepth() ? r.matcher().matches(rel.getFileName()) : r.matcher().matches(rel)) {
                return true;
            }
        }
        return false;
    }
}
