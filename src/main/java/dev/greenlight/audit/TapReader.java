package dev.greenlight.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads TAP, the Test Anything Protocol (versions 12 to 14), as node's test runner ({@code --test-reporter=tap}), bats,
 * prove and node-tap write it: test points ({@code ok 1 - name # SKIP why}), the plan ({@code 1..N}), subtests
 * (indented, their parent's test point after them), YAML blocks ({@code duration_ms}, {@code error}), and
 * {@code Bail out!}. The cases are the leaf test points, each named after the parents it is nested in. A stream that
 * bailed out, or ended without its plan, was cut short; a plan larger than the test points given has tests without a
 * result. Read line by line.
 */
final class TapReader {

    private static final Pattern VERSION = Pattern.compile("^TAP version \\d+\\s*$");
    private static final Pattern PLAN = Pattern.compile("^( *)1\\.\\.(\\d+)\\s*(?:#\\s*(.*))?$");
    private static final Pattern POINT = Pattern.compile("^( *)(not ok|ok)\\b\\s*(\\d+)?\\s*(?:-\\s*)?(.*?)\\s*(?:(?<!\\\\)#\\s*(.*))?$");
    private static final Pattern DIRECTIVE = Pattern.compile("(?i)^(skip|todo)\\S*\\s*(.*)$");
    private static final Pattern BAIL_OUT = Pattern.compile("^\\s*Bail out!\\s*(.*)$");
    private static final Pattern YAML_START = Pattern.compile("^ *---\\s*$");
    private static final Pattern YAML_END = Pattern.compile("^ *\\.\\.\\.\\s*$");
    private static final Pattern DURATION = Pattern.compile("^\\s*duration_ms:\\s*([0-9.]+)");
    private static final Pattern ERROR = Pattern.compile("^\\s*(?:error|message):\\s*['\"|>]?\\s*(.*?)['\"]?\\s*$");

    private TapReader() {
    }

    /** Whether the first lines are TAP: its version line, a plan, or a test point first. */
    static boolean looksLikeTap(List<String> head) {
        for (String line : head) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            return VERSION.matcher(line).matches() || PLAN.matcher(line).matches() && !line.startsWith(" ")
                    || line.startsWith("ok ") || line.startsWith("not ok ") || line.equals("ok") || line.equals("not ok");
        }
        return false;
    }

    /** A test point read, waiting for its YAML block and, if it has subtests, to learn it is their parent. */
    private static final class Point {
        final int depth;
        final int line;
        final String name;
        final TestCase.Outcome outcome;
        final String directive;
        Duration time = Duration.ZERO;
        String error;
        String parents = "";
        /** The depth of the last parent it was named after (its own depth until then). */
        int namedDownTo;

        Point(int depth, int line, String name, TestCase.Outcome outcome, String directive) {
            this.depth = depth;
            this.line = line;
            this.name = name;
            this.outcome = outcome;
            this.directive = directive;
            this.namedDownTo = depth;
        }

        TestCase toCase() {
            String message = directive != null ? directive : error;
            return new TestCase(parents, name, outcome, time, message, error == null ? "" : error, 0, line);
        }
    }

    static ReportFile read(Path file) throws IOException {
        List<Point> points = new ArrayList<>();
        List<Point> leaves = new ArrayList<>();
        Integer plan = null;
        int topLevelPoints = 0;
        String bailedOut = null;
        Point last = null;
        boolean inYaml = false;
        int number = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (inYaml) {
                    inYaml = !YAML_END.matcher(line).matches();
                    readYaml(line, last);
                    continue;
                }
                if (YAML_START.matcher(line).matches() && last != null) {
                    inYaml = true;
                    continue;
                }
                Matcher m;
                if ((m = BAIL_OUT.matcher(line)).matches()) {
                    bailedOut = "Bail out!" + (m.group(1).isBlank() ? "" : " " + m.group(1).strip());
                    break;
                }
                if ((m = PLAN.matcher(line)).matches()) {
                    if (m.group(1).isEmpty()) {
                        plan = Integer.parseInt(m.group(2));
                    }
                    continue;
                }
                if ((m = POINT.matcher(line)).matches()) {
                    Point point = point(m, number);
                    if (last != null && last.depth > point.depth) {
                        adopt(points, point);
                    } else {
                        leaves.add(point);
                    }
                    topLevelPoints += point.depth == 0 ? 1 : 0;
                    points.add(point);
                    last = point;
                }
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        List<TestCase> cases = leaves.stream().map(Point::toCase).toList();
        int missing = plan == null ? 0 : Math.max(0, plan - topLevelPoints);
        String cutShort = bailedOut != null ? bailedOut
                : plan == null && !points.isEmpty() ? "the TAP stream ends without its plan (1..N): the run stopped before "
                + "its end" : null;
        TestSuite suite = new TestSuite(file.toString(), name, 1, cases, plan == null ? null : cases.size() + missing, null,
                cases.stream().map(TestCase::time).reduce(Duration.ZERO, Duration::plus), null, Map.of(), "");
        return new ReportFile(file.toString(), "tap", List.of(suite), null, 0, List.of(), 0, null, cutShort);
    }

    private static Point point(Matcher m, int line) {
        int depth = m.group(1).length();
        boolean ok = m.group(2).equals("ok");
        String directive = null;
        TestCase.Outcome outcome = ok ? TestCase.Outcome.PASSED : TestCase.Outcome.FAILED;
        if (m.group(5) != null) {
            Matcher d = DIRECTIVE.matcher(m.group(5).strip());
            if (d.matches()) {
                // a skipped test did not run; a TODO is a known failure whose result does not count
                outcome = TestCase.Outcome.SKIPPED;
                directive = d.group(1).toUpperCase(Locale.ROOT) + (d.group(2).isBlank() ? "" : ": " + d.group(2).strip());
            }
        }
        String name = m.group(4).isBlank() ? "test " + (m.group(3) == null ? "?" : m.group(3)) : m.group(4);
        return new Point(depth, line, name, outcome, directive);
    }

    /**
     * The points just before {@code parent} and deeper than it are its subtests (node writes a parent's test point after
     * them): each is named after it, once per level.
     */
    private static void adopt(List<Point> before, Point parent) {
        for (int i = before.size() - 1; i >= 0 && before.get(i).depth > parent.depth; i--) {
            Point child = before.get(i);
            if (child.namedDownTo > parent.depth) {
                child.parents = child.parents.isEmpty() ? parent.name : parent.name + " > " + child.parents;
                child.namedDownTo = parent.depth;
            }
        }
    }

    private static void readYaml(String line, Point point) {
        if (point == null) {
            return;
        }
        Matcher m = DURATION.matcher(line);
        if (m.find()) {
            point.time = Duration.ofNanos((long) (Double.parseDouble(m.group(1)) * 1_000_000));
        } else if (point.error == null && (m = ERROR.matcher(line)).matches() && !m.group(1).isBlank()) {
            point.error = m.group(1);
        }
    }
}
