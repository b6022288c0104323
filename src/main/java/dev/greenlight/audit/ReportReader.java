package dev.greenlight.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads one result file in the format its content shows: JUnit XML, or pytest's terminal output. */
public final class ReportReader {

    private ReportReader() {
    }

    public static ReportFile read(Path file) throws IOException, ReportException {
        return readContent(file).modifiedAt(Files.getLastModifiedTime(file).toInstant());
    }

    private static ReportFile readContent(Path file) throws IOException, ReportException {
        List<String> head = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && head.size() < 20; line = in.readLine()) {
                head.add(line);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ReportException(file + ":1:1: not a text report (not UTF-8); expected JUnit XML, a pytest log, TAP or "
                    + "go test -json");
        }
        String first = head.stream().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        if (first.startsWith("<")) {
            return JUnitXmlReader.read(file);
        }
        if (PytestLogReader.looksLikePytest(head)) {
            return PytestLogReader.read(file);
        }
        if (GoTestJsonReader.looksLikeGoTest(head)) {
            return GoTestJsonReader.read(file);
        }
        if (TapReader.looksLikeTap(head)) {
            return TapReader.read(file);
        }
        throw new ReportException.NotAReport(file + ":1:1: not a report Greenlight reads; expected JUnit XML (<testsuites> or "
                + "<testsuite>), pytest's terminal output (\"collected N items\"), TAP (\"TAP version 13\", \"1..N\", \"ok 1\") or go test -json");
    }
}
