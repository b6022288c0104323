package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.report.ReportFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The commands declared in code ({@link Specs}) parse as their help says, defaults and repeated options included. */
class CommandSpecsTest {

    private static CommandSpec parsed(String verb, String... args) {
        CommandSpec spec = Main.command(verb);
        new CommandLine(spec).parseArgs(args);
        return spec;
    }

    @Test
    void verifyTakesItsDefaultsWhenNothingIsGiven() {
        CommandSpec spec = parsed("verify");
        RunOptions options = RunOptions.of(spec);

        assertThat((Path) Specs.value(spec, "--config")).isEqualTo(Path.of("greenlight.yaml"));
        assertThat(options.format).isEqualTo(ReportFormat.console);
        assertThat(options.slowFactor).isEqualTo(2.0);
        assertThat(options.onNoGo.timeout).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.onNoGo.command).isNull();
        assertThat(options.settle).isNull();
        assertThat(options.concurrency).isNull();
        assertThat(options.quiet).isFalse();
        assertThat(options.reports).isEmpty();
        assertThat(options.only).isEmpty();
    }

    @Test
    void verifyReadsEveryFormOfItsOptions() {
        CommandSpec spec = parsed("verify", "-c", "plan.yaml", "--settle", "90s", "--concurrency", "8", "--format", "json",
                "--report", "junit=a.xml", "--report", "html=b.html", "--only", "db,api.health", "--only", "web", "-q",
                "--no-color", "-v", "--slow-factor", "3", "--on-no-go", "./rollback.sh", "--on-no-go-timeout", "30s",
                "--keep", "30d", "--store", "sqlite:h.db", "--preflight", ".");
        RunOptions options = RunOptions.of(spec);

        assertThat((Path) Specs.value(spec, "--config")).isEqualTo(Path.of("plan.yaml"));
        assertThat((Path) Specs.value(spec, "--preflight")).isEqualTo(Path.of("."));
        assertThat(options.settle).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.concurrency).isEqualTo(8);
        assertThat(options.format).isEqualTo(ReportFormat.json);
        assertThat(options.reports).containsExactly(new ReportTarget(ReportFormat.junit, Path.of("a.xml")),
                new ReportTarget(ReportFormat.html, Path.of("b.html")));
        assertThat(options.only).containsExactly("db", "api.health", "web");
        assertThat(options.quiet).isTrue();
        assertThat(options.noColor).isTrue();
        assertThat(options.verbose).isTrue();
        assertThat(options.slowFactor).isEqualTo(3.0);
        assertThat(options.onNoGo.command).isEqualTo("./rollback.sh");
        assertThat(options.onNoGo.timeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.keep).isEqualTo(Duration.ofDays(30));
        assertThat(options.store).isEqualTo("sqlite:h.db");
    }

    @Test
    void positionalParametersAndSharedOptionsOfTheOtherCommands() {
        CommandSpec audit = parsed("audit", "a.xml", "reports/", "--fail-on", "warning", "--format", "sarif");
        FindingsOptions findings = FindingsOptions.of(audit);
        assertThat((List<String>) Specs.positional(audit, 0)).containsExactly("a.xml", "reports/");
        assertThat(findings.failOn).isEqualTo(FindingsOptions.Level.warning);
        assertThat(findings.format).isEqualTo(FindingsOptions.Format.sarif);

        CommandSpec preflight = parsed("preflight", "--rule", "GL-P001,GL-P002");
        assertThat((Path) Specs.positional(preflight, 0)).isEqualTo(Path.of("."));
        assertThat(Specs.<String>values(preflight, "--rule")).containsExactly("GL-P001", "GL-P002");
        assertThat(Specs.<String>values(preflight, "--skip-rule")).isEmpty();
        assertThat(FindingsOptions.of(preflight).failOn).isEqualTo(FindingsOptions.Level.error);

        CommandSpec diff = parsed("diff", "old.json", "new.json");
        assertThat((Path) Specs.positional(diff, 0)).isEqualTo(Path.of("old.json"));
        assertThat((Path) Specs.positional(diff, 1)).isEqualTo(Path.of("new.json"));

        CommandSpec watch = parsed("watch", "--runs", "3", "--fleet");
        assertThat((Integer) Specs.value(watch, "--runs")).isEqualTo(3);
        assertThat(Specs.given(watch, "--fleet")).isTrue();
        assertThat((Duration) Specs.value(watch, "--interval")).isEqualTo(Duration.ofSeconds(60));
        assertThat(OnNoGoOptions.of(watch).timeout).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aRequiredParameterLeftOutIsAUsageError() {
        assertThatThrownBy(() -> parsed("audit")).isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("'REPORTS'");
        assertThatThrownBy(() -> parsed("diff", "old.json")).isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("'CURRENT.json'");
        assertThatThrownBy(() -> parsed("issues")).isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("'REPORT.json'");
        assertThat((Path) Specs.positional(parsed("init"), 0)).isEqualTo(Path.of("."));
    }

    /** Main turns picocli's built-in converters of java.time and java.sql types off: an option of such a type needs its own. */
    @Test
    void noOptionNeedsABuiltInConverterThatMainTurnsOff() {
        for (String verb : Main.VERBS) {
            for (OptionSpec option : Main.command(verb).options()) {
                String type = option.auxiliaryTypes()[0].getName();
                if (type.startsWith("java.time.") || type.startsWith("java.sql.")) {
                    assertThat(option.converters()).as("%s %s", verb, option.longestName()).isNotEmpty();
                }
            }
        }
    }
}
