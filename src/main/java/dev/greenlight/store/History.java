package dev.greenlight.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What history says of each service: uptime (the share of runs in which every one of its checks passed), time to
 * recover (from the first run that saw it down to the first that saw it up again), how often it flapped, whether
 * it is down now; the slowest checks by the p95 of their answer times; and the releases: when a service began to say
 * another version, and whether it went down with it.
 */
public record History(int runs, Map<String, ServiceHistory> services, List<CheckLatency> slowest, Map<String, Integer> locations,
                      Map<String, Integer> environments, List<Release> releases) {

    /**
     * A service that said {@code after} from the run at {@code at} on, and {@code before} in the run before: a release.
     * {@code wentDown}: up in the last run of the old version, down in the first run of the new one.
     */
    public record Release(String service, String before, String after, Instant at, boolean wentDown) {
    }

    /** A service over the window. {@code downSince} is set when the last run saw it down. */
    public record ServiceHistory(String service, int runs, int up, List<Duration> recoveries, int transitions, Instant downSince) {

        public double uptime() {
            return runs == 0 ? 0 : (double) up / runs;
        }

        /** Mean time to recover, or null when it never recovered from anything in the window. */
        public Duration mttr() {
            return recoveries.isEmpty() ? null
                    : recoveries.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(recoveries.size());
        }

        /** Up and down three times or more in the window. */
        public boolean flapping() {
            return transitions >= 3;
        }
    }

    public record CheckLatency(String checkId, int samples, double p50Ms, double p95Ms) {
    }

    static final int SLOWEST = 10;

    /**
     * A store shared by several environments holds the runs of each: a service and a check are then named with their
     * environment ({@code production/api}), each counted in its own runs (staging down and production up, interleaved,
     * are not one service flapping).
     */
    public static History of(List<RunStore.RunRow> runs, List<RunStore.CheckRow> checks) {
        return of(runs, checks, List.of());
    }

    public static History of(List<RunStore.RunRow> runs, List<RunStore.CheckRow> checks, List<RunStore.VersionRow> versions) {
        Map<String, Integer> environments = new TreeMap<>();
        runs.forEach(r -> environments.merge(r.environment(), 1, Integer::sum));
        boolean several = environments.size() > 1;
        // per service, per run (in time order): up when every check of the service passed in that run
        Map<String, Map<Instant, Boolean>> upByRun = new TreeMap<>();
        Map<String, List<Double>> latencies = new TreeMap<>();
        for (RunStore.CheckRow c : checks) {
            String in = several ? c.environment() + "/" : "";
            upByRun.computeIfAbsent(in + c.service(), s -> new TreeMap<>()).merge(c.startedAt(), c.passed(), Boolean::logicalAnd);
            if (c.passed() && c.latencyMs() != null) {
                latencies.computeIfAbsent(in + c.checkId(), k -> new ArrayList<>()).add(c.latencyMs());
            }
        }
        Map<String, ServiceHistory> services = new LinkedHashMap<>();
        upByRun.forEach((service, byRun) -> services.put(service, service(service, byRun)));
        List<CheckLatency> slowest = latencies.entrySet().stream()
                .map(e -> new CheckLatency(e.getKey(), e.getValue().size(), percentile(e.getValue(), 50), percentile(e.getValue(), 95)))
                .sorted(Comparator.comparingDouble(CheckLatency::p95Ms).reversed()).limit(SLOWEST).toList();
        // where the runs were made from (watch --location), in name order; runs that did not say are not counted here
        Map<String, Integer> locations = new TreeMap<>();
        runs.stream().filter(r -> r.location() != null).forEach(r -> locations.merge(r.location(), 1, Integer::sum));
        return new History(runs.size(), services, slowest, locations, environments, releases(versions, upByRun, several));
    }

    /** Each change of the version a service said, in time order, with whether the service went down with it. */
    private static List<Release> releases(List<RunStore.VersionRow> versions, Map<String, Map<Instant, Boolean>> upByRun,
                                          boolean several) {
        List<Release> out = new ArrayList<>();
        Map<String, RunStore.VersionRow> last = new LinkedHashMap<>();
        for (RunStore.VersionRow v : versions) {
            String service = (several ? v.environment() + "/" : "") + v.service();
            RunStore.VersionRow before = last.put(service, v);
            if (before != null && !before.version().equals(v.version())) {
                Map<Instant, Boolean> up = upByRun.getOrDefault(service, Map.of());
                out.add(new Release(service, before.version(), v.version(), v.startedAt(),
                        Boolean.TRUE.equals(up.get(before.startedAt())) && Boolean.FALSE.equals(up.get(v.startedAt()))));
            }
        }
        return out;
    }

    private static ServiceHistory service(String service, Map<Instant, Boolean> byRun) {
        int up = 0;
        int transitions = 0;
        Boolean previous = null;
        Instant downSince = null;
        List<Duration> recoveries = new ArrayList<>();
        for (Map.Entry<Instant, Boolean> run : byRun.entrySet()) {
            boolean isUp = run.getValue();
            if (isUp) {
                up++;
            }
            if (previous != null && previous != isUp) {
                transitions++;
            }
            if (!isUp && downSince == null) {
                downSince = run.getKey();
            } else if (isUp && downSince != null) {
                recoveries.add(Duration.between(downSince, run.getKey()));
                downSince = null;
            }
            previous = isUp;
        }
        return new ServiceHistory(service, byRun.size(), up, recoveries, transitions, downSince);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
