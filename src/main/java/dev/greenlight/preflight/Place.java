package dev.greenlight.preflight;

/** Where a fact is stated: the file (relative to the scanned directory), the line, and that line's text. */
public record Place(String file, int line, String text) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
