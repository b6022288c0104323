package dev.greenlight.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** The rollback hook's options, shared by {@code verify} (and {@code demo}) and {@code watch}. */
public final class OnNoGoOptions {

    String command;

    Duration timeout;

    static void declare(CommandSpec spec) {
        spec.addOption(Specs.option(String.class, "--on-no-go").paramLabel("COMMAND")
                .description("Run COMMAND (sh -c) once when the gate fails (NO-GO or ABORTED; never for INCONCLUSIVE): "
                        + "GREENLIGHT_VERDICT, GREENLIGHT_ROOT_CAUSES, GREENLIGHT_ENVIRONMENT, GREENLIGHT_EXIT_CODE in its "
                        + "environment, the JSON report on its stdin. The exit code stays the verdict's. Under watch: once per "
                        + "incident.").build());
        spec.addOption(Specs.option(Duration.class, "--on-no-go-timeout").paramLabel("DURATION").defaultValue("5m")
                .converters(new VerifyCommand.DurationConverter())
                .description("How long --on-no-go may run before it is stopped (default: ${DEFAULT-VALUE}).").build());
    }

    static OnNoGoOptions of(CommandSpec spec) {
        OnNoGoOptions options = new OnNoGoOptions();
        options.command = Specs.value(spec, "--on-no-go");
        options.timeout = Specs.value(spec, "--on-no-go-timeout");
        return options;
    }
}
