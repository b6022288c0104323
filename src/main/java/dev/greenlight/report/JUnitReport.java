package dev.greenlight.report;

import dev.greenlight.condition.ConditionResult;
import dev.greenlight.config.Secrets;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.PhaseResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI test views: one {@code testsuite} per phase, one {@code testcase} per check ({@code classname} =
 * service). A failed check is a {@code failure} whose type is its signature and whose text is the evidence; an
 * ERROR is an {@code error}; a check that did not run (SKIPPED, BLOCKED, CANCELLED) is {@code skipped} with the
 * reason, never a pass. Valid against the Jenkins JUnit schema, and against Ant's when nothing was skipped (Ant's
 * schema has no {@code skipped}).
 */
public final class JUnitReport {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final int BODY_CHARS = 1024;

    private JUnitReport() {
    }

    public static String render(ReportInput in) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            Writer w = new Writer(xml, in.secrets());
            xml.writeStartDocument("UTF-8", "1.0");
            w.newline(0);
            xml.writeStartElement("testsuites");
            int id = 0;
            for (PhaseResult phase : in.run().phases()) {
                suite(w, in, phase, id++);
            }
            w.newline(0);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return in.secrets().redact(text.toString()) + "\n";
    }

    private static void suite(Writer w, ReportInput in, PhaseResult phase, int id) throws XMLStreamException {
        RunResult run = in.run();
        int failures = count(phase, CheckStatus.FAIL);
        int errors = count(phase, CheckStatus.ERROR);
        int skipped = (int) phase.checks().stream().filter(JUnitReport::notRun).count();
        failures -= (int) phase.checks().stream().filter(c -> c.status() == CheckStatus.FAIL && notRun(c)).count();
        w.newline(1);
        w.xml.writeStartElement("testsuite");
        w.attribute("name", phase.name());
        w.attribute("package", "greenlight." + run.environment());
        w.attribute("id", String.valueOf(id));
        w.attribute("timestamp", TIMESTAMP.format(run.startedAt().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)));
        w.attribute("hostname", hostname());
        w.attribute("tests", String.valueOf(phase.checks().size()));
        w.attribute("failures", String.valueOf(failures));
        w.attribute("errors", String.valueOf(errors));
        if (skipped > 0) {
            w.attribute("skipped", String.valueOf(skipped));
        }
        w.attribute("time", seconds(phaseTime(phase)));
        properties(w, in, phase);
        for (CheckResult check : phase.checks()) {
            testcase(w, in, check);
        }
        w.newline(2);
        w.element("system-out", systemOut(in, phase, id));
        w.newline(2);
        w.element("system-err", "");
        w.newline(1);
        w.xml.writeEndElement();
    }

    private static void properties(Writer w, ReportInput in, PhaseResult phase) throws XMLStreamException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("greenlight.verdict", in.run().verdict().label());
        p.put("greenlight.exit_code", String.valueOf(in.run().exitCode()));
        p.put("greenlight.environment", in.run().environment());
        p.put("greenlight.started_at", in.run().startedAt().toString());
        p.put("greenlight.phase.status", phase.status().name());
        p.put("greenlight.phase.pass_rate", String.format(Locale.ROOT, "%.4f", phase.passRate()));
        p.put("greenlight.phase.reason", phase.reason());
        if (!in.context().commandLine().isEmpty()) {
            p.put("greenlight.command", in.context().commandLine());
        }
        if (!in.context().configSha256().isEmpty()) {
            p.put("greenlight.config_sha256", in.context().configSha256());
        }
        in.diff().ifPresent(d -> p.put("greenlight.baseline.verdict", d.baselineVerdict()));
        w.newline(2);
        w.xml.writeStartElement("properties");
        for (Map.Entry<String, String> e : p.entrySet()) {
            w.newline(3);
            w.xml.writeEmptyElement("property");
            w.attribute("name", e.getKey());
            w.attribute("value", e.getValue());
        }
        w.newline(2);
        w.xml.writeEndElement();
    }

    private static void testcase(Writer w, ReportInput in, CheckResult check) throws XMLStreamException {
        w.newline(2);
        w.xml.writeStartElement("testcase");
        w.attribute("name", check.check().name());
        w.attribute("classname", check.check().service());
        w.attribute("time", seconds(check.duration()));
        if (notRun(check)) {
            w.xml.writeStartElement("skipped");
            w.text(check.status() + " " + check.signature() + ": " + check.detail());
            w.xml.writeEndElement();
        } else if (!check.passed()) {
            w.xml.writeStartElement(check.status() == CheckStatus.ERROR ? "error" : "failure");
            w.attribute("type", check.signature().name());
            w.attribute("message", oneLine(check.detail()));
            w.text(evidence(in, check));
            w.xml.writeEndElement();
        }
        w.xml.writeEndElement();
    }

    /** The evidence a reader of a CI test view needs to act without opening another file. */
    private static String evidence(ReportInput in, CheckResult check) {
        StringBuilder out = new StringBuilder();
        out.append("signature: ").append(check.signature()).append('\n');
        out.append("detail: ").append(check.detail()).append('\n');
        Blame.of(in.diagnosis(), check).ifPresent(b -> out.append("diagnosis: ").append(b).append('\n'));
        String target = check.observation() != null ? check.observation().target() : check.check().probe().target();
        out.append("target: ").append(target).append('\n');
        out.append("attempts: ").append(check.attempts()).append(", ").append(seconds(check.duration())).append(" s in all\n");
        for (ConditionResult c : check.conditions()) {
            out.append("condition: ").append(c.condition()).append(" -> ").append(c.success() ? "met" : "not met")
                    .append(c.actual() == null ? "" : " (actual " + c.actual() + ")").append('\n');
        }
        if (check.observation() != null && check.observation().body() != null) {
            String body = in.secrets().redact(check.observation().body()); // before the cut
            out.append("body: ").append(body.length() <= BODY_CHARS ? body : body.substring(0, BODY_CHARS) + "...").append('\n');
        }
        return out.toString();
    }

    private static String systemOut(ReportInput in, PhaseResult phase, int id) {
        StringBuilder out = new StringBuilder();
        if (id == 0) {
            out.append(ConsoleReport.render(in, new Style(false)));
        } else {
            out.append(phase.name()).append(": ").append(phase.status()).append(", ").append(phase.reason()).append('\n');
        }
        return out.toString();
    }

    /** Did not run, or was cut off before it could answer: reported as skipped, never as passed. */
    private static boolean notRun(CheckResult check) {
        return check.status() == CheckStatus.SKIPPED || check.status() == CheckStatus.BLOCKED
                || check.signature() == FailureSignature.CANCELLED;
    }

    private static int count(PhaseResult phase, CheckStatus status) {
        return (int) phase.checks().stream().filter(c -> c.status() == status).count();
    }

    private static Duration phaseTime(PhaseResult phase) {
        if (phase.decidedAfter() != null) {
            return phase.decidedAfter();
        }
        return phase.checks().stream().map(CheckResult::duration).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replace('\n', ' ');
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            String file = Files.readString(Path.of("/etc/hostname")).trim();
            return file.isEmpty() ? "localhost" : file;
        } catch (java.io.IOException | SecurityException e) {
            return "localhost";
        }
    }

    /** Writes masked, XML-safe text (characters XML 1.0 cannot hold become U+FFFD) with indentation. */
    private record Writer(XMLStreamWriter xml, Secrets secrets) {

        void attribute(String name, String value) throws XMLStreamException {
            xml.writeAttribute(name, clean(value));
        }

        void text(String value) throws XMLStreamException {
            xml.writeCharacters(clean(value));
        }

        void element(String name, String value) throws XMLStreamException {
            xml.writeStartElement(name);
            text(value);
            xml.writeEndElement();
        }

        void newline(int depth) throws XMLStreamException {
            xml.writeCharacters("\n" + "  ".repeat(depth));
        }

        private String clean(String value) {
            String masked = secrets.redact(value == null ? "" : value);
            StringBuilder out = new StringBuilder(masked.length());
            masked.codePoints().forEach(cp -> out.appendCodePoint(allowed(cp) ? cp : 0xFFFD));
            return out.toString();
        }

        private static boolean allowed(int cp) {
            return cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD
                    || cp >= 0x10000 && cp <= 0x10FFFF;
        }
    }
}
