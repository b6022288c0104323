package dev.greenlight.cli;

import dev.greenlight.report.ReportFormat;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;

/** One report to write: a format and a file ({@code --report junit=greenlight.xml}). */
record ReportTarget(ReportFormat format, Path file) {

    static final class Converter implements CommandLine.ITypeConverter<ReportTarget> {
        @Override
        public ReportTarget convert(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not FORMAT=FILE; expected e.g. junit=greenlight.xml");
            }
            String name = value.substring(0, eq);
            ReportFormat format = Arrays.stream(ReportFormat.values()).filter(f -> f.name().equals(name)).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException("'" + name + "' is not a report format; expected one of "
                            + String.join(", ", Arrays.stream(ReportFormat.values()).map(Enum::name).toList())));
            return new ReportTarget(format, Path.of(value.substring(eq + 1)));
        }
    }
}
