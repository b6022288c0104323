package dev.greenlight.cli;

import dev.greenlight.report.ReportFormat;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.Renderer;
import dev.greenlight.report.Style;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where reports go. Without --output: the chosen format on stdout. With it: that format written to the file and
 * the console report on stdout. Each --report FORMAT=FILE is written too. Files are written through a temporary
 * file and a rename, so each is whole or absent (a device or a pipe, such as /dev/null, is written into; a symbolic
 * link's target is replaced, not the link). With --format markdown and GITHUB_STEP_SUMMARY set, the summary
 * is appended to that file as well (GitHub shows it on the run's page).
 */
final class ReportOutput {

    private final ReportFormat format;
    private final Path output;
    private final List<ReportTarget> reports;
    private final Terminal terminal;
    private final Path stepSummary;

    ReportOutput(RunOptions options, Terminal terminal, String stepSummary) {
        this.format = options.format;
        this.output = options.output;
        this.reports = List.copyOf(options.reports);
        this.terminal = terminal;
        this.stepSummary = format == ReportFormat.markdown && stepSummary != null && !stepSummary.isBlank()
                ? Path.of(stepSummary) : null;
    }

    /** Every file this run will write. */
    List<ReportTarget> files() {
        List<ReportTarget> out = new ArrayList<>();
        if (output != null) {
            out.add(new ReportTarget(format, output));
        }
        out.addAll(reports);
        return out;
    }

    /** Why some report could not be written, found before the run rather than after it ("--report html=x: ..."). */
    List<String> unwritable() {
        List<String> problems = new ArrayList<>();
        if (output != null) {
            checkWritable(output).ifPresent(p -> problems.add("--output " + output + ": " + p));
        }
        for (ReportTarget r : reports) {
            checkWritable(r.file()).ifPresent(p -> problems.add("--report " + r.format() + "=" + r.file() + ": " + p));
        }
        if (stepSummary != null) {
            checkWritable(stepSummary).ifPresent(p -> problems.add("GITHUB_STEP_SUMMARY " + stepSummary + ": " + p));
        }
        return problems;
    }

    static Optional<String> checkWritable(Path target) {
        if (target == null) {
            return Optional.empty();
        }
        if (Files.isDirectory(target)) {
            return Optional.of("is a directory; expected a file name");
        }
        if (isStream(target)) {
            return Files.isWritable(target) ? Optional.empty() : Optional.of("is not writable");
        }
        Path dir = whereItLives(target).getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.of("the directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir) || Files.exists(target) && !Files.isWritable(target)) {
            return Optional.of((Files.isWritable(dir) ? "the file" : "the directory " + dir) + " is not writable");
        }
        return Optional.empty();
    }

    /** False when a report file could not be written (said on stderr); the others are written all the same. */
    boolean write(ReportInput in) {
        ReportFormat onStdout = output == null ? format : ReportFormat.console;
        System.out.print(onStdout.renderer(terminal.style()).render(in));
        System.out.flush();
        boolean ok = true;
        for (ReportTarget target : files()) {
            Renderer renderer = target.format().renderer(new Style(false));
            ok &= writeFile(target.file(), out -> renderer.write(in, out));
        }
        if (stepSummary != null) {
            ok &= appendStepSummary(ReportFormat.markdown.renderer(new Style(false)).render(in));
        }
        return ok;
    }

    private boolean appendStepSummary(String markdown) {
        try {
            Files.writeString(stepSummary, markdown + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return true;
        } catch (IOException e) {
            System.err.println("greenlight: cannot append to GITHUB_STEP_SUMMARY " + stepSummary + ": " + e.getMessage());
            return false;
        }
    }

    /** Writes {@code text} to {@code target} whole or not at all; false (said on stderr) when it cannot. */
    static boolean writeFile(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return writeFile(target, out -> out.write(bytes));
    }

    /** What a file is written with. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code target} whole or not at all; false (said on stderr) when it cannot. */
    static boolean writeFile(Path target, Content content) {
        try {
            writeWhole(target, content);
            return true;
        } catch (IOException e) {
            System.err.println("greenlight: cannot write " + target + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * A device, a pipe or a socket (/dev/null, /dev/stdout, a named pipe): written into as it is, never replaced by a
     * file renamed over it (which, as root, turned /dev/null into a regular file).
     */
    private static boolean isStream(Path target) {
        return Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target);
    }

    /** The file a path names: a symbolic link's target (a report written through a link leaves the link in place). */
    private static Path whereItLives(Path target) {
        Path absolute = target.toAbsolutePath();
        try {
            return Files.isSymbolicLink(absolute) && Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    private static void writeWhole(Path target, Content content) throws IOException {
        if (isStream(target)) {
            write(target, content, StandardOpenOption.WRITE);
            return;
        }
        Path absolute = whereItLives(target);
        Path dir = absolute.getParent();
        // not createTempFile, which makes the file 0600: a report takes the usual permissions (0644 under umask 022)
        Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void write(Path file, Content content, StandardOpenOption... options) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, options), 64 * 1024)) {
            content.writeTo(out);
        }
    }
}
