package dev.greenlight.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A phase of the plan: the checks it runs, the share that must pass, whether a miss aborts the run, and whether
 * its checks are the golden path (the user journey the diagnosis weighs first).
 */
public record PhaseConfig(String name, Location location, List<CheckRef> checks, double minPassRate,
                          boolean abortOnMiss, boolean goldenPath) {

    /** A reference to {@code service.check}, or to {@code service} for all of its checks. */
    public record CheckRef(String text, Location location) {
    }

    public PhaseConfig {
        checks = List.copyOf(checks);
    }

    static PhaseConfig read(int index, Node node) throws ConfigException {
        Fields f = Fields.of(node, "phase #" + (index + 1), "name", "checks", "min_pass_rate", "abort_on_miss",
                "description", "golden_path");
        String name = f.requiredString("name");
        String what = "phase '" + name + "'";
        List<CheckRef> refs = new ArrayList<>();
        for (Node item : Values.list(f.required("checks"), "'checks' of " + what).items()) {
            refs.add(new CheckRef(Values.string(item, "an item of 'checks' of " + what), item.location()));
        }
        if (refs.isEmpty()) {
            throw new ConfigException(f.required("checks").location(), "'checks' of " + what + " must name at least one check");
        }
        double rate = f.has("min_pass_rate") ? Values.rate(f.required("min_pass_rate"), "'min_pass_rate' of " + what) : 1.0;
        f.string("description");
        return new PhaseConfig(name, f.location(), refs, rate, f.bool("abort_on_miss").orElse(false),
                f.bool("golden_path").orElse(false));
    }
}
