package dev.greenlight.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads pytest's terminal output (saved with {@code pytest ... | tee pytest.log}): what it collected, the
 * collection errors and the warnings summary, which JUnit XML drops. Read line by line.
 */
final class PytestLogReader {

    private static final Pattern COLLECTED = Pattern.compile("^collected (\\d+) items?");
    private static final Pattern COLLECTION_ERRORS = Pattern.compile("(\\d+) errors? during collection");
    private static final Pattern ERROR_COLLECTING = Pattern.compile("^(?:_+ )?ERROR collecting (\\S+)");
    private static final Pattern FINAL = Pattern.compile("^=+ (.*) in [0-9.]+s.* =+$");
    private static final Pattern RERUNS = Pattern.compile("(\\d+) reruns?\\b");

    private PytestLogReader() {
    }

    /** Whether the first lines look like pytest's terminal output. */
    static boolean looksLikePytest(List<String> head) {
        return head.stream().anyMatch(l -> l.contains("test session starts") || COLLECTED.matcher(l).find()
                || l.startsWith("platform ") && l.contains("pytest"));
    }

    static ReportFile read(Path file) throws IOException {
        Integer collected = null;
        int errors = 0;
        int erroredFiles = 0;
        List<String> warnings = new ArrayList<>();
        boolean inWarnings = false;
        int reruns = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Matcher m = COLLECTED.matcher(line);
                if (m.find()) {
                    collected = Integer.valueOf(m.group(1));
                }
                if (line.contains("no tests ran")) {
                    collected = collected == null ? 0 : collected;
                }
                Matcher last = FINAL.matcher(line);
                if (last.find()) {
                    Matcher r = RERUNS.matcher(last.group(1));
                    reruns = r.find() ? Integer.parseInt(r.group(1)) : reruns;
                }
                Matcher e = COLLECTION_ERRORS.matcher(line);
                if (e.find()) {
                    errors = Math.max(errors, Integer.parseInt(e.group(1)));
                }
                if (ERROR_COLLECTING.matcher(line).find()) {
                    erroredFiles++;
                }
                if (line.contains("warnings summary")) {
                    inWarnings = true;
                    continue;
                }
                if (inWarnings && (line.startsWith("-- Docs") || FINAL.matcher(line).find() || line.startsWith("====="))) {
                    inWarnings = false;
                }
                if (inWarnings && !line.isBlank() && warnings.size() < 200) {
                    warnings.add(line.strip());
                }
            }
        }
        return new ReportFile(file.toString(), "pytest-log", List.of(), collected, Math.max(errors, erroredFiles), warnings,
                reruns, null, null);
    }
}
