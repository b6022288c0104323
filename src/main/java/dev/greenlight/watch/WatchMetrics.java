package dev.greenlight.watch;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * What a watcher exports: each check up or not and how long it took, the verdict (1 for the current one), each
 * current root cause (1), the version each service said it runs (1), and runs by verdict. A check that did not pass is 0, whatever the reason: never up by
 * default.
 */
public final class WatchMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge checkUp = Gauge.builder().name("greenlight_check_up")
            .help("1 when the check passed in the last run, 0 otherwise").labelNames("service", "check").register(registry);
    private final Histogram checkDuration = Histogram.builder().name("greenlight_check_duration_seconds")
            .help("time each check took, all attempts").labelNames("service", "check").register(registry);
    private final Gauge verdict = Gauge.builder().name("greenlight_verdict")
            .help("1 for the verdict of the last run, 0 for the others").labelNames("environment", "verdict").register(registry);
    private final Gauge rootCause = Gauge.builder().name("greenlight_root_cause")
            .help("1 for each root cause of the last run").labelNames("service", "classification", "signature").register(registry);
    private final Gauge serviceVersion = Gauge.builder().name("greenlight_service_version_info")
            .help("1 for the version each service said it runs in the last run (its health body or a version header)")
            .labelNames("service", "version").register(registry);
    private final Counter runs = Counter.builder().name("greenlight_runs")
            .help("runs of the plan, by verdict").labelNames("verdict").register(registry);

    private final Counter alertDeliveries = Counter.builder().name("greenlight_alert_deliveries")
            .help("tries to deliver an alert, by destination and outcome (delivered, failed)")
            .labelNames("destination", "outcome").register(registry);
    private final Gauge alertsPending = Gauge.builder().name("greenlight_alert_deliveries_pending")
            .help("alert deliveries not yet taken by their destination").register(registry);

    private final Gauge watcher = Gauge.builder().name("greenlight_watcher_info")
            .help("1, labelled with where this watcher runs from (--location) and its name in a --fleet (empty when not)")
            .labelNames("location", "fleet_member").register(registry);

    private final Histogram storeWrites = Histogram.builder().name("greenlight_store_write_seconds")
            .help("time the store took to write one run, its checks and root causes").register(registry);

    /** Who is exporting: the watcher's location and fleet name (null: not said), for dashboards of a fleet. */
    public void watcher(String location, String fleetMember) {
        watcher.clear();
        watcher.labelValues(location == null ? "" : location, fleetMember == null ? "" : fleetMember).set(1);
    }

    public void storeWrite(long nanos) {
        storeWrites.observe(nanos / 1e9);
    }

    public void alertTried(String destination, boolean delivered) {
        alertDeliveries.labelValues(destination, delivered ? "delivered" : "failed").inc();
    }

    public void alertsPending(int pending) {
        alertsPending.set(pending);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void update(RunResult run, Diagnosis diagnosis) {
        for (CheckResult c : run.checks()) {
            checkUp.labelValues(c.check().service(), c.check().id()).set(c.passed() ? 1 : 0);
            checkDuration.labelValues(c.check().service(), c.check().id()).observe(c.duration().toNanos() / 1e9);
        }
        for (Verdict v : Verdict.values()) {
            verdict.labelValues(run.environment(), v.label()).set(v == run.verdict() ? 1 : 0);
        }
        rootCause.clear();
        for (Diagnosis.RootCause r : diagnosis.rootCauses()) {
            rootCause.labelValues(r.service(), r.classification().name().toLowerCase(Locale.ROOT), r.signature()).set(1);
        }
        serviceVersion.clear(); // the last run's only: a release replaces its service's series
        diagnosis.versions().forEach((service, v) -> serviceVersion.labelValues(service, v.version()).set(1));
        runs.labelValues(run.verdict().label()).inc();
    }
}
