package dev.greenlight.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code go test -json} (test2json): one JSON event per line ({@code run}, {@code output}, {@code pass},
 * {@code fail}, {@code skip}), a suite per package. The cases are the leaf tests (a test with subtests is their
 * parent, named in theirs: {@code TestCheckout/cart}). A package that ran no test because {@code -run} matched none
 * ("no tests to run") is a suite of 0 tests; a package without test files is no suite. A package that did not build
 * (Go before 1.24 prints {@code FAIL pkg [build failed]} as text among the events; later ones a {@code FailedBuild}
 * field) never started: an error case with the compiler's first complaint when the log has it. A test that started
 * and never ended (a panic, a timeout) has no result. Read line by line.
 */
final class GoTestJsonReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BUILD_FAILED = Pattern.compile("^FAIL\\s+(\\S+)\\s+\\[(build|setup) failed\\]\\s*$");
    private static final Pattern COMPILER_SAYS = Pattern.compile("^(\\S+\\.go:\\d+:\\d+: .*)$");

    private GoTestJsonReader() {
    }

    /** Whether the first lines are test2json's events (or a build failure that ends such a stream). */
    static boolean looksLikeGoTest(List<String> head) {
        return head.stream().anyMatch(l -> l.startsWith("{") && l.contains("\"Action\":\"")
                || BUILD_FAILED.matcher(l).matches());
    }

    /** A package's tests as the events tell them. */
    private static final class Package {
        final String name;
        final int line;
        final Map<String, Test> tests = new LinkedHashMap<>();
        final StringBuilder output = new StringBuilder();
        Duration time = Duration.ZERO;
        String buildFailure;
        boolean noTestFiles;

        Package(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private static final class Test {
        final int line;
        final StringBuilder output = new StringBuilder();
        TestCase.Outcome outcome; // null: started, never ended
        Duration time = Duration.ZERO;

        Test(int line) {
            this.line = line;
        }
    }

    static ReportFile read(Path file) throws IOException {
        Map<String, Package> packages = new LinkedHashMap<>();
        String compilerSaid = null;
        int number = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                Matcher failed = BUILD_FAILED.matcher(line);
                if (failed.matches()) {
                    packages.computeIfAbsent(failed.group(1), p -> new Package(p, 0)).buildFailure = compilerSaid;
                    continue;
                }
                if (!line.startsWith("{")) {
                    Matcher compiler = COMPILER_SAYS.matcher(line.strip());
                    if (compiler.matches() && compilerSaid == null) {
                        compilerSaid = compiler.group(1); // go build's complaint, when stderr was kept with stdout
                    }
                    continue;
                }
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a line cut short: the rest of the stream still counts
                }
                if (event.path("Action").asText().equals("build-output") && compilerSaid == null) {
                    Matcher compiler = COMPILER_SAYS.matcher(event.path("Output").asText("").strip());
                    compilerSaid = compiler.matches() ? compiler.group(1) : null; // Go 1.24+: the build's output as events
                }
                event(packages, event, number, compilerSaid);
            }
        }
        List<TestSuite> suites = new ArrayList<>();
        for (Package p : packages.values()) {
            if (p.noTestFiles && p.tests.isEmpty()) {
                continue;
            }
            suites.add(suite(file.toString(), p));
        }
        return ReportFile.junit(file.toString(), "go-test-json", suites);
    }

    private static void event(Map<String, Package> packages, JsonNode event, int line, String compilerSaid) {
        String name = event.path("Package").asText("");
        if (name.isEmpty()) {
            return;
        }
        Package p = packages.computeIfAbsent(name, n -> new Package(n, line));
        String action = event.path("Action").asText("");
        String testName = event.path("Test").asText("");
        if (testName.isEmpty()) {
            switch (action) {
                case "output" -> {
                    String text = event.path("Output").asText("");
                    p.noTestFiles |= text.contains("[no test files]");
                    append(p.output, text);
                }
                case "pass", "fail", "skip" -> {
                    p.time = seconds(event);
                    if (event.hasNonNull("FailedBuild")) {
                        p.buildFailure = compilerSaid != null ? compilerSaid : "see the build's output";
                    }
                }
                default -> {
                }
            }
            return;
        }
        Test test = p.tests.computeIfAbsent(testName, t -> new Test(line));
        switch (action) {
            case "output" -> append(test.output, event.path("Output").asText(""));
            case "pass" -> end(test, TestCase.Outcome.PASSED, event);
            case "fail" -> end(test, TestCase.Outcome.FAILED, event);
            case "skip" -> end(test, TestCase.Outcome.SKIPPED, event);
            default -> {
            }
        }
    }

    private static void end(Test test, TestCase.Outcome outcome, JsonNode event) {
        test.outcome = outcome;
        test.time = seconds(event);
    }

    private static TestSuite suite(String file, Package p) {
        List<TestCase> cases = new ArrayList<>();
        int started = 0;
        java.util.Set<String> parents = new java.util.HashSet<>(); // TestCheckout of TestCheckout/cart
        for (String name : p.tests.keySet()) {
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                parents.add(name.substring(0, slash));
            }
        }
        for (Map.Entry<String, Test> e : p.tests.entrySet()) {
            String name = e.getKey();
            if (parents.contains(name)) {
                continue;
            }
            started++;
            Test t = e.getValue();
            if (t.outcome != null) {
                String message = t.outcome == TestCase.Outcome.PASSED ? null : lastSaid(t.output.toString());
                cases.add(new TestCase(p.name, name, t.outcome, t.time, message, t.output.toString(), 0, t.line));
            }
        }
        if (p.buildFailure != null) {
            cases.add(new TestCase("", p.name + " [build failed]", TestCase.Outcome.ERROR, Duration.ZERO,
                    "build failed: " + p.buildFailure, p.output.toString(), 0, p.line));
        }
        return new TestSuite(file, p.name, p.line, cases, started > cases.size() ? started : null, null, p.time, null,
                Map.of(), p.output.toString());
    }

    /** The last line a test printed before its verdict line: why it failed or was skipped. */
    private static String lastSaid(String output) {
        String said = null;
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("=== ") && !l.startsWith("--- ")) {
                said = l;
            }
        }
        return said;
    }

    private static Duration seconds(JsonNode event) {
        return Duration.ofNanos((long) (event.path("Elapsed").asDouble(0) * 1e9));
    }

    private static void append(StringBuilder out, String text) {
        if (out.length() < JUnitXmlReader.OUTPUT_CAP) {
            out.append(text, 0, Math.min(text.length(), JUnitXmlReader.OUTPUT_CAP - out.length()));
        }
    }
}
