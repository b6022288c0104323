package dev.greenlight.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The rollback hook's options, shared by {@code verify} (and {@code demo}) and {@code watch}. */
public final class OnNoGoOptions {

    @Option(names = "--on-no-go", paramLabel = "COMMAND",
            description = "Run COMMAND (sh -c) once when the gate fails (NO-GO or ABORTED; never for INCONCLUSIVE): "
                    + "GREENLIGHT_VERDICT, GREENLIGHT_ROOT_CAUSES, GREENLIGHT_ENVIRONMENT, GREENLIGHT_EXIT_CODE in its environment, "
                    + "the JSON report on its stdin. The exit code stays the verdict's. Under watch: once per incident.")
    String command;

    @Option(names = "--on-no-go-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = VerifyCommand.DurationConverter.class,
            description = "How long --on-no-go may run before it is stopped (default: ${DEFAULT-VALUE}).")
    Duration timeout;
}
