package dev.greenlight.preflight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A repository file read as the tools that deploy it read it: UTF-8, a byte that is not (a Latin-1 comment in a
 * Dockerfile, a script saved on Windows) read as U+FFFD instead of losing the file; Docker, the shell and gunicorn do not
 * refuse such a file either, and the directives preflight reads are ASCII. A file with a NUL byte near its start is
 * binary, as git decides: no deployment file.
 */
final class TextFile {

    /** How far a NUL byte is looked for (git's own heuristic). */
    private static final int SNIFFED = 8000;

    private TextFile() {
    }

    /** The file is binary: not a deployment file. */
    static final class Binary extends IOException {
        Binary(Path file) {
            super(file + " is binary");
        }
    }

    static String text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < Math.min(bytes.length, SNIFFED); i++) {
            if (bytes[i] == 0) {
                throw new Binary(file);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8); // what is not UTF-8 becomes U+FFFD
    }

    static List<String> lines(Path file) throws IOException {
        return text(file).lines().toList();
    }
}
