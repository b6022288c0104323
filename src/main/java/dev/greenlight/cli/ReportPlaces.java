package dev.greenlight.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The result files named on the command line: files as given, directories walked for {@code *.xml}, {@code *.tap},
 * {@code *.json} ({@code go test -json}) and pytest logs ({@code *pytest*.log}), and globs that the shell did not expand
 * (quoted) expanded here.
 */
final class ReportPlaces {

    /**
     * @param named        files named one by one (they must be reports; files found by a walk or glob may be skipped)
     * @param empty        directories and globs that held no report
     * @param missingFiles plain paths that do not exist
     */
    record Found(List<Path> files, java.util.Set<Path> named, List<String> empty, List<String> missingFiles) {
    }

    private ReportPlaces() {
    }

    static Found expand(List<String> places) throws IOException {
        TreeSet<Path> files = new TreeSet<>();
        java.util.Set<Path> named = new java.util.HashSet<>();
        List<String> empty = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String place : places) {
            int before = files.size();
            if (isGlob(place)) {
                glob(place, files);
                if (files.size() == before) {
                    empty.add(place);
                }
                continue;
            }
            Path path = Path.of(place);
            if (Files.isDirectory(path)) {
                try (Stream<Path> all = Files.walk(path)) {
                    all.filter(Files::isRegularFile).filter(ReportPlaces::looksLikeReport).forEach(files::add);
                }
                if (files.size() == before) {
                    empty.add(place);
                }
            } else if (Files.exists(path)) {
                files.add(path);
                named.add(path);
            } else {
                missing.add(place);
            }
        }
        return new Found(List.copyOf(files), named, empty, missing);
    }

    private static boolean isGlob(String place) {
        return place.contains("*") || place.contains("?") || place.contains("[") || place.contains("{");
    }

    /** Walks from the part before the first wildcard and keeps the paths the whole pattern matches. */
    private static void glob(String pattern, TreeSet<Path> files) throws IOException {
        int wildcard = firstWildcard(pattern);
        int slash = pattern.lastIndexOf('/', wildcard);
        Path root = Path.of(slash < 0 ? "." : slash == 0 ? "/" : pattern.substring(0, slash));
        if (!Files.isDirectory(root)) {
            return;
        }
        String full = slash < 0 ? "./" + pattern : pattern;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + full);
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(Files::isRegularFile).filter(p -> matcher.matches(slash < 0 ? Path.of("./" + root.relativize(p)) : p))
                    .forEach(files::add);
        }
    }

    private static int firstWildcard(String pattern) {
        int at = pattern.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = pattern.indexOf(c);
            if (i >= 0 && i < at) {
                at = i;
            }
        }
        return at;
    }

    private static boolean looksLikeReport(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".xml") || name.endsWith(".tap") || name.endsWith(".json")
                || name.endsWith(".log") && name.contains("pytest");
    }
}
