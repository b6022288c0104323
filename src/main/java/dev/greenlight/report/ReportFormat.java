package dev.greenlight.report;

/** The formats a run's report is written in ({@code --format}, {@code --report FORMAT=FILE}). */
public enum ReportFormat {
    console, json, junit, html, markdown;

    /** The writer of this format; {@code style} colours the console report only. */
    public Renderer renderer(Style style) {
        return switch (this) {
            case console -> in -> ConsoleReport.render(in, style);
            case json -> JsonReport.RENDERER;
            case junit -> JUnitReport::render;
            case html -> HtmlReport::render;
            case markdown -> MarkdownReport::render;
        };
    }
}
