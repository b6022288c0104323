package dev.greenlight.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One report format: the same input in, the whole text of the report out, with every secret masked. */
@FunctionalInterface
public interface Renderer {

    String render(ReportInput input);

    /** Writes the report as its file holds it (UTF-8): what {@link #render} returns, encoded. */
    default void write(ReportInput input, OutputStream out) throws IOException {
        out.write(render(input).getBytes(StandardCharsets.UTF_8));
    }
}
