package dev.greenlight.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads JUnit XML as its dialects write it (Maven Surefire/Failsafe with flaky and rerun elements, pytest
 * xunit1/xunit2, jest-junit, go-junit-report, Gradle, node's junit reporter): a {@code testsuites} root or a
 * bare {@code testsuite}, nested suites. Streamed with StAX, so a 100 MB report is never held as a tree;
 * printed output is kept up to {@link #OUTPUT_CAP} characters per case.
 */
final class JUnitXmlReader {

    static final int OUTPUT_CAP = 16 * 1024;
    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false); // no external entities: reports are untrusted input
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private JUnitXmlReader() {
    }

    /** @throws ReportException with the file, line and column when the XML is not well formed */
    static ReportFile read(Path file) throws IOException, ReportException {
        String name = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(in);
            try {
                return ReportFile.junit(name, "junit-xml", suites(name, xml));
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNumber();
            throw new ReportException(name + ":" + line + ":" + column + ": not a readable JUnit XML report: "
                    + firstLine(e.getMessage()) + "; expected well-formed XML with a testsuites or testsuite root");
        }
    }

    /** A suite being read: its attributes and what has been read of it so far. */
    private static final class OpenSuite {
        final String name;
        final int line;
        final Integer tests;
        final Integer errors;
        final Duration time;
        final ReportTime timestamp;
        final List<TestCase> cases = new ArrayList<>();
        final Map<String, String> properties = new LinkedHashMap<>();
        final StringBuilder output = new StringBuilder();

        OpenSuite(XMLStreamReader xml) {
            name = attr(xml, "name", "");
            line = xml.getLocation().getLineNumber();
            tests = integer(attr(xml, "tests", null));
            errors = integer(attr(xml, "errors", null));
            time = seconds(attr(xml, "time", null));
            timestamp = ReportTime.parse(attr(xml, "timestamp", null));
        }
    }

    private static List<TestSuite> suites(String file, XMLStreamReader xml) throws XMLStreamException, ReportException {
        List<TestSuite> out = new ArrayList<>();
        Deque<OpenSuite> open = new ArrayDeque<>();
        boolean sawRoot = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = xml.getLocalName();
                if (!sawRoot) {
                    sawRoot = true;
                    if (!element.equals("testsuites") && !element.equals("testsuite")) {
                        throw new ReportException.NotAReport(file + ":" + xml.getLocation().getLineNumber() + ":"
                                + xml.getLocation().getColumnNumber() + ": the root element is <" + element
                                + ">; expected <testsuites> or <testsuite> (JUnit XML)");
                    }
                }
                switch (element) {
                    case "testsuite" -> open.push(new OpenSuite(xml));
                    case "testcase" -> {
                        if (open.isEmpty()) {
                            open.push(new OpenSuite(xml)); // a bare testcase under testsuites: give it a suite
                        }
                        open.peek().cases.add(testCase(xml));
                    }
                    case "property" -> {
                        if (!open.isEmpty()) {
                            open.peek().properties.put(attr(xml, "name", ""), attr(xml, "value", ""));
                        }
                    }
                    case "system-out", "system-err" -> {
                        if (!open.isEmpty()) {
                            append(open.peek().output, xml.getElementText());
                        }
                    }
                    default -> {
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("testsuite") && !open.isEmpty()) {
                OpenSuite s = open.pop();
                out.add(new TestSuite(file, s.name, s.line, s.cases, s.tests, s.errors, s.time, s.timestamp, s.properties, s.output.toString()));
            }
        }
        while (!open.isEmpty()) {
            OpenSuite s = open.pop();
            out.add(new TestSuite(file, s.name, s.line, s.cases, s.tests, s.errors, s.time, s.timestamp, s.properties, s.output.toString()));
        }
        return out;
    }

    /** Reads one testcase element to its end: outcome, messages, output, reruns. */
    private static TestCase testCase(XMLStreamReader xml) throws XMLStreamException {
        String classname = attr(xml, "classname", "");
        String name = attr(xml, "name", "");
        int line = xml.getLocation().getLineNumber();
        Duration time = seconds(attr(xml, "time", null));
        TestCase.Outcome outcome = TestCase.Outcome.PASSED;
        String message = null;
        StringBuilder output = new StringBuilder();
        int reruns = 0;
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                continue;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String element = xml.getLocalName();
            switch (element) {
                case "failure", "error", "skipped" -> {
                    TestCase.Outcome seen = element.equals("failure") ? TestCase.Outcome.FAILED
                            : element.equals("error") ? TestCase.Outcome.ERROR : TestCase.Outcome.SKIPPED;
                    if (outcome == TestCase.Outcome.PASSED || seen == TestCase.Outcome.ERROR) {
                        outcome = seen;
                    }
                    String type = attr(xml, "type", null);
                    String text = attr(xml, "message", null);
                    String body = xml.getElementText();
                    if (message == null) {
                        message = join(type, text != null && !text.isBlank() ? text : firstLine(body));
                    }
                    append(output, body);
                }
                case "flakyFailure", "flakyError", "rerunFailure", "rerunError", "rerun" -> {
                    reruns++;
                    skip(xml);
                }
                case "system-out", "system-err" -> append(output, xml.getElementText());
                default -> depth++;
            }
        }
        return new TestCase(classname, name, outcome, time, message, output.toString(), reruns, line);
    }

    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static void append(StringBuilder out, String text) {
        if (text != null && !text.isEmpty() && out.length() < OUTPUT_CAP) {
            out.append(text, 0, Math.min(text.length(), OUTPUT_CAP - out.length())).append('\n');
        }
    }

    private static String join(String type, String text) {
        if (type == null || type.isBlank()) {
            return text;
        }
        return text == null || text.isBlank() ? type : type + ": " + text;
    }

    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        int newline = t.indexOf('\n');
        return newline < 0 ? t : t.substring(0, newline);
    }

    private static String attr(XMLStreamReader xml, String name, String fallback) {
        String value = xml.getAttributeValue(null, name);
        return value == null ? fallback : value;
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** JUnit's {@code time} in seconds ("0.15", "1,234.5" as some writers localise it), or zero. */
    private static Duration seconds(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofNanos((long) (Double.parseDouble(value.replace(",", "").trim()) * 1e9));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }
}
