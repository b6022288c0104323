package dev.greenlight.functional;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.plan.RunClock;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.wire.HttpTransport;
import java.util.Map;

/** Loads a plan written as YAML and runs it, as {@code greenlight verify} does, in this JVM. */
final class Runs {

    private Runs() {
    }

    static RunResult run(String yaml) throws ConfigException {
        return run(yaml, Map.of());
    }

    static RunResult run(String yaml, Map<String, String> env) throws ConfigException {
        return run(plan(yaml, env));
    }

    static Plan plan(String yaml, Map<String, String> env) throws ConfigException {
        return plan(yaml, env, new HttpTransport());
    }

    /** With a transport of the test's choosing (the proxies of an environment, say). */
    static Plan plan(String yaml, Map<String, String> env, HttpTransport transport) throws ConfigException {
        return new PlanBuilder(transport).build(new ConfigLoader(env::get).parse("plan.yaml", yaml));
    }

    static RunResult run(Plan plan) {
        return new PlanRunner(RunClock.system(), ProgressListener.NONE).run(plan);
    }

    /** A run of a plan whose one check, {@code db.it}, is {@code probe} ({@code "redis: \"127.0.0.1:6379\""}), timeout 3 s. */
    static RunResult oneProbe(String probe, Map<String, String> env) throws ConfigException {
        return run("""
                timeout: 3s
                services:
                  db: { checks: { it: { %s } } }
                """.formatted(probe), env);
    }

    /** The result of the check {@code id} ("service.check") of {@code run}. */
    static dev.greenlight.plan.CheckResult check(RunResult run, String id) {
        return run.checks().stream().filter(c -> c.check().id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * A staging run of one service, api, whose health is {@code path} on {@code server} ({@code /ok-release}: 1.4.1, up;
     * {@code /unavailable-release}: 1.4.2, down), as its JSON report reads back: what alerts and the store are given.
     */
    static dev.greenlight.report.SavedReport apiRelease(TestServer server, String path) throws Exception {
        RunResult run = run("""
                environment: staging
                services:
                  api: { url: "%s", checks: { health: { http: %s } } }
                """.formatted(server.url(""), path));
        return dev.greenlight.report.SavedReport.from(dev.greenlight.report.JsonReport.tree(
                dev.greenlight.report.ReportInput.of(run, dev.greenlight.config.Secrets.none())), "run");
    }
}
