package dev.greenlight.cli;

import dev.greenlight.report.Style;

/** Whether we write to a person at a terminal (live progress, colour) or to a log (plain lines). */
record Terminal(boolean live, Style style) {

    static Terminal detect(boolean noColor) {
        boolean tty = System.console() != null && System.getenv("CI") == null;
        boolean color = tty && !noColor && System.getenv("NO_COLOR") == null;
        return new Terminal(tty, new Style(color));
    }
}
