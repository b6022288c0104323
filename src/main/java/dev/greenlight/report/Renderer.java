package dev.greenlight.report;

/** One report format: the same input in, the whole text of the report out, with every secret masked. */
@FunctionalInterface
public interface Renderer {

    String render(ReportInput input);
}
