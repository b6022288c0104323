package dev.greenlight.cli;

import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.RunResult;
import dev.greenlight.report.ConsoleReport;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.Style;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where reports go. Without --output: the chosen format on stdout. With it: that format written to the
 * file (through a temporary file and a rename, so it is whole or absent) and the console report on stdout.
 */
final class ReportOutput {

    private final ReportFormat format;
    private final Path output;
    private final Terminal terminal;

    ReportOutput(ReportFormat format, Path output, Terminal terminal) {
        this.format = format;
        this.output = output;
        this.terminal = terminal;
    }

    /** Why a report could not be written to {@code target}, found before the run rather than after it. */
    static java.util.Optional<String> checkWritable(Path target) {
        if (target == null) {
            return java.util.Optional.empty();
        }
        Path dir = target.toAbsolutePath().getParent();
        if (Files.isDirectory(target)) {
            return java.util.Optional.of("is a directory; expected a file name");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return java.util.Optional.of("the directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            return java.util.Optional.of("the directory " + dir + " is not writable");
        }
        return java.util.Optional.empty();
    }

    /** False when the report file could not be written (said on stderr). */
    boolean write(RunResult result, Secrets secrets) {
        Diagnosis diagnosis = Diagnoser.diagnose(result);
        String console = ConsoleReport.render(result, diagnosis, secrets, terminal.style());
        if (output == null) {
            System.out.print(format == ReportFormat.json ? JsonReport.render(result, diagnosis, secrets) : console);
            System.out.flush();
            return true;
        }
        System.out.print(console);
        System.out.flush();
        String text = format == ReportFormat.json ? JsonReport.render(result, diagnosis, secrets)
                : ConsoleReport.render(result, diagnosis, secrets, new Style(false));
        try {
            writeWhole(output, text);
            return true;
        } catch (IOException e) {
            System.err.println("greenlight: cannot write the report to " + output + ": " + e.getMessage());
            return false;
        }
    }

    /** Writes {@code text} to {@code target} whole or not at all; false (said on stderr) when it cannot. */
    static boolean writeFile(Path target, String text) {
        try {
            writeWhole(target, text);
            return true;
        } catch (IOException e) {
            System.err.println("greenlight: cannot write " + target + ": " + e.getMessage());
            return false;
        }
    }

    private static void writeWhole(Path target, String text) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        // not createTempFile, which makes the file 0600: a report takes the usual permissions (0644 under umask 022)
        Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
