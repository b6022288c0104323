package dev.greenlight.cli;

import dev.greenlight.demo.DemoStack;
import dev.greenlight.demo.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight demo}: the incident's staging on loopback with one fault, verified by the plan it writes. */
public final class DemoCommand implements Callable<Integer> {

    private CommandSpec spec;

    static CommandSpec spec() {
        DemoCommand demo = new DemoCommand();
        CommandSpec spec = Specs.command(demo, "demo", "Starts a small staging on loopback (backend, WebSocket, auth, frontend, "
                + "database behind a relay, cache) with one of the incident's faults, verifies it, prints the report and stops "
                + "everything.",
                "0:GO", "1:NO-GO", "2:ABORTED", "3:DEGRADED", "4:INCONCLUSIVE", "64:bad usage", "70:internal error",
                "74:the report file could not be written");
        spec.addOption(Specs.option(String.class, "--scenario").paramLabel("NAME").defaultValue("db-unreachable")
                .description("The fault to inject (default: ${DEFAULT-VALUE}); --list shows them.").build());
        spec.addOption(Specs.flag("--list").description("List the scenarios, what each shows and the verdict to expect.").build());
        spec.addOption(Specs.option(Path.class, "--write-config").paramLabel("FILE")
                .description("Also write the plan the demo uses to FILE.").build());
        spec.addOption(Specs.flag("--keep-running").description("Leave the stack up after the report and print its addresses "
                + "(Ctrl-C stops it), to point your own greenlight verify or curl at it.").build());
        RunOptions.declare(spec);
        demo.spec = Specs.withHelp(spec);
        return demo.spec;
    }

    @Override
    public Integer call() throws Exception {
        Warmup.resolverAsksEveryTime(); // before the staging starts
        String scenario = Specs.value(spec, "--scenario");
        Path writeConfig = Specs.value(spec, "--write-config");
        RunOptions options = RunOptions.of(spec);
        if (Specs.given(spec, "--list")) {
            for (Scenario s : Scenario.values()) {
                System.out.printf("%-20s %s%n%20s expected: %s%n", s.id(), s.shows(), "", s.expected());
            }
            return 0;
        }
        Scenario chosen = Scenario.byId(scenario).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "unknown scenario '" + scenario + "'; expected one of: "
                        + String.join(", ", Arrays.stream(Scenario.values()).map(Scenario::id).toList())));
        System.err.println("greenlight demo: starting the staging, scenario " + chosen.id() + " (" + chosen.shows() + ")");
        DemoStack stack = DemoStack.start(chosen);
        Thread stopper = new Thread(stack::close, "demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            Path plan = writeConfig != null ? writeConfig : Files.createTempFile("greenlight-demo", ".yaml");
            Files.writeString(plan, stack.plan(), StandardCharsets.UTF_8);
            int exit;
            try {
                options.directOnly = true;
                exit = VerifyCommand.run(plan, options, spec);
            } finally {
                if (writeConfig == null) {
                    Files.deleteIfExists(plan);
                }
            }
            System.err.println("greenlight demo: scenario " + chosen.id() + ", expected " + chosen.expected());
            if (Specs.given(spec, "--keep-running")) {
                System.err.println("greenlight demo: the stack keeps running; Ctrl-C stops it");
                stack.addresses().forEach((name, address) -> System.err.printf("  %-28s %s%n", name, address));
                new CountDownLatch(1).await();
            }
            return exit;
        } finally {
            stack.close();
            removeHook(stopper);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }

}
