package dev.greenlight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenlight.config.Durations;
import dev.greenlight.store.History;
import dev.greenlight.store.RunStore;
import dev.greenlight.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code greenlight history}: what the recorded runs say of each service. */
public final class HistoryCommand implements Callable<Integer> {

    enum Format { text, json }

    private CommandSpec spec;
    private String store;
    private String service;
    private String environment;
    private String location;
    private Duration since;
    private Format format;

    static CommandSpec spec() {
        HistoryCommand history = new HistoryCommand();
        CommandSpec spec = Specs.command(history, "history", "Reads the runs recorded with verify --store: uptime and time to "
                + "recover per service, flapping services, services down now, the slowest checks (p50/p95).",
                "0:read", "64:bad usage", "74:the store cannot be read");
        spec.addOption(Specs.option(String.class, "--store").paramLabel("STORE").defaultValue("sqlite:greenlight.db")
                .description("Where the runs are: sqlite:FILE (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(String.class, "--service").paramLabel("NAME").description("Only this service.").build());
        spec.addOption(Specs.option(String.class, "--environment").paramLabel("NAME")
                .description("Only the runs of this environment. A store shared by several environments otherwise names each "
                        + "service with its environment (production/api).").build());
        spec.addOption(Specs.option(String.class, "--location").paramLabel("NAME")
                .description("Only the runs made from NAME (watch --location): a service one place cannot reach is then down in "
                        + "every run, not flapping between the places of a fleet. Rollback hook calls are listed for all runs.")
                .build());
        spec.addOption(Specs.option(Duration.class, "--since").paramLabel("DURATION").defaultValue("24h")
                .converters(new VerifyCommand.DurationConverter()).description("How far back (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Specs.option(Format.class, "--format").paramLabel("FORMAT").defaultValue("text")
                .description("Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).").build());
        history.spec = Specs.withHelp(spec);
        return history.spec;
    }

    @Override
    public Integer call() {
        store = Specs.value(spec, "--store");
        service = Specs.value(spec, "--service");
        environment = Specs.value(spec, "--environment");
        location = Specs.value(spec, "--location");
        since = Specs.value(spec, "--since");
        format = Specs.value(spec, "--format");
        History history;
        java.util.List<RunStore.HookCallRow> hooks;
        Instant from = Instant.now().minus(since);
        if (location != null && !WatchCommand.isLocationName(location)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--location '" + location + "': " + WatchCommand.LOCATION_NAMES);
        }
        try (RunStore runs = RunStore.open(store, false)) {
            RunStore.Scope scope = new RunStore.Scope(from, environment, location);
            history = History.of(runs.runs(scope), runs.checks(scope, service), runs.versions(scope));
            hooks = runs.hookCalls(from);
        } catch (StoreException e) {
            System.err.println("greenlight: " + e.getMessage());
            return ExitCodes.IO_ERROR;
        }
        System.out.print(format == Format.json ? json(history, hooks) : text(history, hooks));
        return 0;
    }

    private String text(History h, java.util.List<RunStore.HookCallRow> hooks) {
        StringBuilder out = new StringBuilder();
        out.append(h.runs()).append(" run").append(h.runs() == 1 ? "" : "s").append(" in the last ").append(Durations.format(since))
                .append(environment == null ? "" : " of " + environment).append(location == null ? "" : " from " + location)
                .append(" (").append(store).append(")\n");
        if (h.environments().size() > 1) {
            out.append("environments: ").append(h.environments().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue() + " run" + (e.getValue() == 1 ? "" : "s"))
                    .collect(java.util.stream.Collectors.joining(", "))).append(" (history --environment NAME for one)\n");
        }
        if (location == null && !h.locations().isEmpty()) {
            out.append("made from: ").append(h.locations().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue() + " run" + (e.getValue() == 1 ? "" : "s"))
                    .collect(java.util.stream.Collectors.joining(", "))).append(" (history --location NAME for one)\n");
        }
        h.services().values().forEach(s -> out.append(String.format(Locale.ROOT, "  %-24s uptime %6.2f%% of %d runs  MTTR %-8s%s%s%n",
                s.service(), s.uptime() * 100, s.runs(), s.mttr() == null ? "-" : Durations.format(s.mttr()),
                s.flapping() ? "  FLAPPING (" + s.transitions() + " changes)" : "",
                s.downSince() == null ? "" : "  DOWN since " + s.downSince())));
        if (!h.releases().isEmpty()) {
            out.append("releases (a new version a service said):\n");
            h.releases().forEach(r -> out.append("  ").append(r.at()).append("  ").append(r.service()).append(' ').append(r.before())
                    .append(" -> ").append(r.after()).append(r.wentDown() ? "  DOWN from its first run (up before it)" : "").append('\n'));
        }
        if (!h.slowest().isEmpty()) {
            out.append("slowest checks (answer time of passing runs):\n");
            h.slowest().forEach(c -> out.append(String.format(Locale.ROOT, "  %-32s p50 %8.1f ms  p95 %8.1f ms  (%d)%n",
                    c.checkId(), c.p50Ms(), c.p95Ms(), c.samples())));
        }
        if (!hooks.isEmpty()) {
            out.append("rollback hook calls:\n");
            hooks.forEach(c -> out.append("  ").append(c.calledAt()).append(c.runId() == null ? "" : "  run " + c.runId())
                    .append("  ").append(c.call().name()).append(": ").append(c.call().outcome()).append(" after ")
                    .append(c.call().durationMs()).append(" ms").append(c.call().succeeded() ? "" : "  FAILED").append('\n'));
        }
        return out.toString();
    }

    private String json(History h, java.util.List<RunStore.HookCallRow> hooks) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("runs", h.runs());
        root.put("since", since.toString());
        if (environment != null) {
            root.put("environment", environment);
        }
        if (location != null) {
            root.put("location", location);
        }
        ObjectNode environments = root.putObject("environments");
        h.environments().forEach(environments::put);
        ObjectNode places = root.putObject("locations");
        h.locations().forEach(places::put);
        ObjectNode services = root.putObject("services");
        h.services().values().forEach(s -> {
            ObjectNode n = services.putObject(s.service());
            n.put("runs", s.runs());
            n.put("up", s.up());
            n.put("uptime", Math.round(s.uptime() * 10000) / 10000.0);
            if (s.mttr() != null) {
                n.put("mttr_ms", s.mttr().toMillis());
            }
            n.put("recoveries", s.recoveries().size());
            n.put("transitions", s.transitions());
            n.put("flapping", s.flapping());
            if (s.downSince() != null) {
                n.put("down_since", s.downSince().toString());
            }
        });
        var releases = root.putArray("releases");
        h.releases().forEach(r -> releases.addObject().put("service", r.service()).put("before", r.before()).put("after", r.after())
                .put("at", r.at().toString()).put("went_down", r.wentDown()));
        var slowest = root.putArray("slowest_checks");
        h.slowest().forEach(c -> slowest.addObject().put("check", c.checkId()).put("samples", c.samples())
                .put("p50_ms", c.p50Ms()).put("p95_ms", c.p95Ms()));
        var calls = root.putArray("hook_calls");
        hooks.forEach(c -> {
            ObjectNode n = calls.addObject();
            n.put("called_at", c.calledAt().toString());
            if (c.runId() != null) {
                n.put("run", c.runId());
            }
            n.put("hook", c.call().name()).put("outcome", c.call().outcome()).put("succeeded", c.call().succeeded());
            if (c.call().exitCode() != null) {
                n.put("exit_code", c.call().exitCode());
            }
            n.put("duration_ms", c.call().durationMs()).put("output", c.call().output());
        });
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
