package dev.greenlight.cli;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.config.Durations;
import dev.greenlight.plan.Check;
import dev.greenlight.plan.Phase;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.probe.wire.HttpTransport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight validate}: load and plan, probe nothing (promtool's {@code check config}). */
public final class ValidateCommand implements Callable<Integer> {

    private CommandSpec spec;

    static CommandSpec spec() {
        ValidateCommand validate = new ValidateCommand();
        CommandSpec spec = Specs.command(validate, "validate",
                "Loads and plans greenlight.yaml without probing anything, and lists the checks of each phase.",
                "0:the plan is valid", "64:bad usage", "78:bad configuration");
        spec.addOption(Specs.option(Path.class, "-c", "--config").paramLabel("FILE").defaultValue("greenlight.yaml")
                .description("The plan to check (default: ${DEFAULT-VALUE}).").build());
        validate.spec = Specs.withHelp(spec);
        return validate.spec;
    }

    @Override
    public Integer call() {
        Path config = Specs.value(spec, "--config");
        try {
            Plan plan = new PlanBuilder(VerifyCommand.proxiesOfEnvironment()).build(ConfigLoader.fromSystemEnvironment().load(config));
            StringBuilder out = new StringBuilder();
            out.append(config).append(": valid, ").append(plan.checkCount()).append(plan.checkCount() == 1 ? " check" : " checks")
                    .append(" in ").append(plan.phases().size()).append(plan.phases().size() == 1 ? " phase" : " phases");
            if (!plan.settle().isZero()) {
                out.append(", settle ").append(Durations.format(plan.settle()));
            }
            out.append('\n');
            int width = plan.phases().stream().flatMap(p -> p.checks().stream()).mapToInt(c -> c.id().length()).max().orElse(0);
            plan.canary().ifPresent(c -> out.append("canary ").append(c.probe().target())
                    .append(" (if it does not answer, the verdict is INCONCLUSIVE)\n"));
            for (Phase phase : plan.phases()) {
                out.append("phase ").append(phase.name()).append(" (")
                        .append(phase.required() == 0 ? "bar 0%: not gating" : "needs " + percent(phase.minPassRate()))
                        .append(phase.abortOnMiss() ? ", aborts the run on a miss" : "").append(")\n");
                for (Check check : phase.checks()) {
                    out.append("  ").append(String.format(Locale.ROOT, "%-" + width + "s", check.id())).append("  ")
                            .append(check.probe().target())
                            .append(check.critical() ? "  [critical]" : "").append(check.goldenPath() ? "  [golden path]" : "")
                            .append(check.expectedVersion().map(v -> "  [version " + v + "]").orElse(""))
                            .append('\n');
                }
            }
            plan.phases().stream().flatMap(p -> p.checks().stream()).forEach(check -> check.secretInTheClearNote()
                    .ifPresent(note -> out.append("warning: ").append(note).append('\n')));
            System.out.print(plan.secrets().redact(out.toString()));
            return 0;
        } catch (ConfigException e) {
            System.err.println("greenlight: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
    }

    private static String percent(double rate) {
        double p = rate * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }
}
