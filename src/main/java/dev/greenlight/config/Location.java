package dev.greenlight.config;

/** Where a value stands in a configuration file: {@code file:line:column}, both 1-based. */
public record Location(String file, int line, int column) {

    public static Location of(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
