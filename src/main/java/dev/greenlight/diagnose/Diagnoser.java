package dev.greenlight.diagnose;

import dev.greenlight.config.Impact;
import dev.greenlight.health.HealthReport;
import dev.greenlight.plan.Attempt;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.PhaseResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.ServiceInfo;
import dev.greenlight.probe.FailureSignature;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * From a run to its root causes. Pure: no I/O. A failing service whose failure a failing dependency
 * explains (declared {@code depends_on}, a dependency its health body reports down, or the auth source
 * its blocked check waits for) is a cascade; a failing service nothing explains is a root cause. A
 * dependency that only the services' health bodies report down (Greenlight may not reach a private
 * database itself) fails on that evidence.
 */
public final class Diagnoser {

    private final RunResult run;
    private final Map<String, List<CheckResult>> checks = new LinkedHashMap<>();
    private final Map<String, String> byName = new HashMap<>();
    /** node -> (reporter -> what the reporter's health body says of it), for nodes reported down */
    private final Map<String, Map<String, String>> reportedDown = new LinkedHashMap<>();
    /** node -> dependencies (configured names or implicit "service/path" nodes), with the evidence of each link */
    private final Map<String, Map<String, String>> links = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** The facts a note was made of (a certificate, a passed-over address): each said once, however many checks saw it. */
    private final java.util.Set<String> noted = new java.util.HashSet<>();
    /** reporter -> a dependency its body reports down while Greenlight's own checks of it pass. */
    private final Map<String, Hearsay> contradicted = new LinkedHashMap<>();
    /** Each check's health body, read once. */
    private final Map<CheckResult, HealthReport> reports = new java.util.IdentityHashMap<>();

    /** A service's word that a dependency is down, against Greenlight's own passing checks of that dependency. */
    private record Hearsay(String dependency, String said, String error, List<CheckResult> ownChecks) {
    }

    private Diagnoser(RunResult run) {
        this.run = run;
    }

    public static Diagnosis diagnose(RunResult run) {
        return new Diagnoser(run).build();
    }

    private Diagnosis build() {
        index();
        Set<String> failing = new LinkedHashSet<>();
        for (String node : links.keySet()) {
            if (failingCheck(node).isPresent() || reportedDown.containsKey(node)) {
                failing.add(node);
            }
        }
        setAsideUnseen(failing);
        List<String> possiblyRelated = new ArrayList<>();
        Map<String, List<Diagnosis.Cascade>> cascades = new LinkedHashMap<>();
        List<String> roots = new ArrayList<>();
        for (String node : failing) {
            if (failingDependencies(node, failing).isEmpty()) {
                roots.add(node);
                cascades.put(node, new ArrayList<>());
            }
        }
        for (String node : failing) {
            if (roots.contains(node)) {
                continue;
            }
            Set<String> reached = rootsOf(node, failing, roots);
            for (String root : reached) {
                cascades.get(root).add(new Diagnosis.Cascade(node, failingCheck(node).map(c -> c.check().id()).orElse(null),
                        because(node, failing)));
            }
            if (reached.size() > 1) {
                possiblyRelated.add(node + " is explained by more than one root cause: " + String.join(", ", reached));
            }
        }
        List<Diagnosis.RootCause> rootCauses = new ArrayList<>();
        for (String root : roots) {
            rootCauses.add(rootCause(root, cascades.get(root), failing));
        }
        rootCauses.sort(Comparator.comparingInt((Diagnosis.RootCause r) -> -r.cascades().size()));
        return new Diagnosis(rootCauses, possiblyRelated, StartupTimelines.of(checks, this::report), notes, degradations(),
                ServiceVersions.of(checks, this::report));
    }

    private void index() {
        for (PhaseResult phase : run.phases()) {
            for (CheckResult c : phase.checks()) {
                checks.computeIfAbsent(c.check().service(), k -> new ArrayList<>()).add(c);
            }
        }
        for (ServiceInfo s : run.services().values()) {
            byName.put(s.name().toLowerCase(Locale.ROOT), s.name());
            s.aliases().forEach(a -> byName.put(a.toLowerCase(Locale.ROOT), s.name()));
            links.computeIfAbsent(s.name(), k -> new LinkedHashMap<>());
            s.dependsOn().forEach(d -> links.get(s.name()).putIfAbsent(d, "declared depends_on"));
        }
        checks.keySet().forEach(s -> links.computeIfAbsent(s, k -> new LinkedHashMap<>()));
        linkRejectedHandshakesToTheirHost();
        for (Map.Entry<String, List<CheckResult>> e : checks.entrySet()) {
            String service = e.getKey();
            for (CheckResult c : e.getValue()) {
                if (c.status() == CheckStatus.BLOCKED && c.check().auth().isPresent()) {
                    String tokenService = tokenService(c.check().auth().get());
                    links.computeIfAbsent(tokenService, k -> new LinkedHashMap<>());
                    links.get(service).put(tokenService, "blocked: no token from auth." + c.check().auth().get());
                }
                HealthReport report = report(c);
                noteDisagreement(c, report);
                noteExpiringCertificate(c);
                notePassedOverAddresses(c);
                noteSecretInTheClear(c);
                for (HealthReport.Dependency d : report.dependencies()) {
                    String node = byName.getOrDefault(d.path().toLowerCase(Locale.ROOT), service + "/" + d.path());
                    if (node.equals(service)) {
                        continue;
                    }
                    links.computeIfAbsent(node, k -> new LinkedHashMap<>());
                    String said = d.path() + ": " + d.status().name().toLowerCase(Locale.ROOT)
                            + (d.error() == null ? "" : " (" + d.error() + ")");
                    links.get(service).put(node, "its health body reports " + said);
                    List<CheckResult> own = passingOwnChecks(node);
                    if (d.failing() && !own.isEmpty()) {
                        contradicted.putIfAbsent(service, new Hearsay(node, said, d.error(), own));
                    } else if (d.failing()) {
                        reportedDown.computeIfAbsent(node, k -> new LinkedHashMap<>()).putIfAbsent(service, said);
                    }
                }
            }
        }
    }

    /**
     * A WebSocket handshake refused with 502/503/504 by a host that also serves another service (same origin)
     * whose own HTTP check fails: the WebSocket is a cascade of that service, declared or not.
     */
    private void linkRejectedHandshakesToTheirHost() {
        for (Map.Entry<String, List<CheckResult>> e : checks.entrySet()) {
            ServiceInfo info = run.services().get(e.getKey());
            if (info == null || info.origin() == null) {
                continue;
            }
            boolean rejectedByProxy = e.getValue().stream().anyMatch(c -> c.signature() == FailureSignature.WS_HANDSHAKE_REJECTED
                    && c.observation() != null && c.observation().status() != null && c.observation().status() >= 502
                    && c.observation().status() <= 504);
            if (!rejectedByProxy) {
                continue;
            }
            for (ServiceInfo other : run.services().values()) {
                boolean hostFails = checks.getOrDefault(other.name(), List.of()).stream()
                        .anyMatch(c -> c.status() == CheckStatus.FAIL && c.signature() != FailureSignature.WS_HANDSHAKE_REJECTED);
                if (!other.name().equals(e.getKey()) && info.origin().equals(other.origin()) && hostFails) {
                    links.get(e.getKey()).putIfAbsent(other.name(), "served by the same host (" + info.origin()
                            + "), which fails its own check");
                }
            }
        }
    }

    /** The service of the check that obtains the auth source's token (the one serving its token URL, if configured). */
    private String tokenService(String source) {
        return checks.values().stream().flatMap(List::stream).filter(c -> c.check().id().equals("auth." + source))
                .map(c -> c.check().service()).findFirst().orElse("auth." + source);
    }

    /** The declared dependencies of a service that Greenlight's own checks find up. */
    private List<String> liveDependencies(String service) {
        ServiceInfo info = run.services().get(service);
        return info == null ? List.of() : info.dependsOn().stream().filter(d -> !passingOwnChecks(d).isEmpty()).toList();
    }

    /** Greenlight's own checks of a configured service, when it has some and every one passed. */
    private List<CheckResult> passingOwnChecks(String node) {
        List<CheckResult> own = checks.getOrDefault(node, List.of());
        return !own.isEmpty() && own.stream().allMatch(CheckResult::passed) ? own : List.of();
    }

    /** What runs degraded: each passing check whose service says so, with what its body names as not healthy. */
    private List<String> degradations() {
        List<String> out = new ArrayList<>();
        for (List<CheckResult> own : checks.values()) {
            for (CheckResult c : own) {
                if (!c.passed() || !c.degraded()) {
                    continue;
                }
                List<String> parts = report(c).dependencies().stream()
                        .filter(d -> d.status() != HealthReport.Status.HEALTHY && d.status() != HealthReport.Status.UNKNOWN)
                        .map(d -> d.path() + " " + d.word() + (d.error() == null ? "" : " (" + d.error() + ")"))
                        .toList();
                out.add(c.check().id() + (report(c).status() == HealthReport.Status.HEALTHY
                        ? ": the service says it is up, but reports " : ": the service says it runs degraded")
                        + (parts.isEmpty() ? "" : (report(c).status() == HealthReport.Status.HEALTHY ? "" : ": ")
                        + String.join(", ", parts)));
            }
        }
        return out;
    }

    /**
     * Less than this left on a certificate a check was served: renewal is failing (ACME clients and cert-manager renew
     * 30 days ahead), and every https check will fail when it runs out. Said once per certificate.
     */
    static final java.time.Duration CERTIFICATE_RUNNING_OUT = java.time.Duration.ofDays(14);

    private void noteExpiringCertificate(CheckResult c) {
        java.time.Duration left = c.observation() == null ? null : c.observation().certificateExpiry();
        if (left == null || left.isNegative() || left.compareTo(CERTIFICATE_RUNNING_OUT) >= 0
                || !noted.add(c.observation().tls().subject() + " " + c.observation().tls().issuer())) {
            return;
        }
        long hours = left.toHours();
        notes.add(c.check().id() + ": its server certificate (" + c.observation().tls().subject() + ") expires in "
                + (hours >= 48 ? left.toDays() + " days" : hours + " hours") + "; renewal is failing, and every TLS client "
                + "of it fails when it runs out");
    }

    /**
     * A check that passed by going on to another of its name's addresses: what it passed over (refused, or slower than the
     * one that answered) is where a client that tries one address at a time fails or hangs. Said once per fact.
     */
    private void notePassedOverAddresses(CheckResult c) {
        if (!c.passed() || c.observation() == null) {
            return;
        }
        for (String passed : c.observation().passedOver()) {
            if (noted.add(passed)) {
                notes.add(c.check().id() + ": " + passed + "; a client that tries one address at a time fails or waits there");
            }
        }
    }

    /**
     * A check that sends a secret where anyone on the network path can read it (a token over plain http, a Redis password
     * without TLS): the gate itself would leak what it holds, so it is said whatever the verdict, once the check ran.
     */
    private void noteSecretInTheClear(CheckResult c) {
        if (c.attempts() > 0) {
            c.check().secretInTheClearNote().ifPresent(notes::add);
        }
    }

    /** The body wins over the status code, and the disagreement is said: a 200 saying "down", a 503 saying "up". */
    private void noteDisagreement(CheckResult c, HealthReport report) {
        Integer status = c.observation() == null ? null : c.observation().status();
        if (status == null || report.status() == HealthReport.Status.UNKNOWN) {
            return;
        }
        boolean bodyDown = report.status() == HealthReport.Status.UNHEALTHY;
        boolean bodyUp = report.status() == HealthReport.Status.HEALTHY;
        if (status < 400 && bodyDown || status >= 500 && bodyUp) {
            notes.add(c.check().id() + ": HTTP " + status + " but its body says " + report.status().name().toLowerCase(Locale.ROOT)
                    + " (" + report.format() + "); the body is taken as the service's word");
        }
    }

    private HealthReport report(CheckResult c) {
        return reports.computeIfAbsent(c, CheckResult::health); // read during the run; a result without it reads it once
    }

    /**
     * A service whose checks failed only because they could not see it (a pooler answering for a database) is not known
     * to fail: beside failures that were seen, it explains none of them and is no root cause, only a note. When nothing
     * else failed it stays, so the diagnosis says what to change in the plan.
     */
    private void setAsideUnseen(Set<String> failing) {
        List<String> unseen = failing.stream().filter(node -> !reportedDown.containsKey(node) && checks.getOrDefault(node,
                List.of()).stream().filter(c -> !c.passed()).allMatch(c -> c.signature().isUnobservable())).toList();
        if (unseen.isEmpty() || unseen.size() == failing.size()) {
            return;
        }
        failing.removeAll(unseen);
        for (String node : unseen) {
            CheckResult c = failingCheck(node).orElseThrow();
            notes.add(c.check().id() + " could not see its target (" + c.signature() + "), so " + node + " is not taken as a "
                    + "cause of what failed: " + c.detail());
        }
    }

    private Optional<CheckResult> failingCheck(String node) {
        List<CheckResult> own = checks.getOrDefault(node, List.of());
        return own.stream().filter(c -> c.status() == CheckStatus.FAIL).findFirst()
                .or(() -> own.stream().filter(c -> c.status() == CheckStatus.ERROR || c.status() == CheckStatus.BLOCKED)
                        .findFirst());
    }

    private List<String> failingDependencies(String node, Set<String> failing) {
        return links.getOrDefault(node, Map.of()).keySet().stream().filter(failing::contains).toList();
    }

    /** The root causes reachable from {@code node} through failing dependencies. */
    private Set<String> rootsOf(String node, Set<String> failing, List<String> roots) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(node));
        while (!todo.isEmpty()) {
            String current = todo.pop();
            if (!seen.add(current)) {
                continue;
            }
            if (roots.contains(current)) {
                found.add(current);
                continue;
            }
            todo.addAll(failingDependencies(current, failing));
        }
        return found;
    }

    private String because(String node, Set<String> failing) {
        List<String> parts = new ArrayList<>();
        failingCheck(node).ifPresent(c -> parts.add(c.check().id() + " " + c.signature() + ": " + c.detail()));
        for (String dependency : failingDependencies(node, failing)) {
            parts.add("depends on " + dependency + " (" + links.get(node).get(dependency) + ")");
        }
        return String.join("; ", parts);
    }

    private Diagnosis.RootCause rootCause(String root, List<Diagnosis.Cascade> cascades, Set<String> failing) {
        Optional<CheckResult> own = failingCheck(root);
        Hearsay hearsay = contradicted.get(root);
        String signature = own.map(c -> stuck(c) ? "STUCK" : starting(c) ? "STARTING"
                : hearsay != null ? "DEPENDENCY_PATH" : c.signature().name()).orElse("REPORTED_DOWN");
        Integer status = own.map(CheckResult::observation).map(o -> o.status()).orElse(null);
        List<String> liveUpstreams = status != null && (status == 502 || status == 504) ? liveDependencies(root) : List.of();
        Catalogue.Entry entry = signature.equals("DEPENDENCY_PATH") ? Catalogue.dependencyPath(hearsay.error())
                : !liveUpstreams.isEmpty() ? Catalogue.proxyToLiveUpstream(status, liveUpstreams)
                : Catalogue.of(own.isPresent() && signature.equals("REPORTED_DOWN") ? "SAYS_DOWN" : signature, status);
        List<String> why = new ArrayList<>(why(root, cascades, failing));
        if (hearsay != null) {
            why.add(hearsay.dependency() + ": up for Greenlight (" + hearsay.ownChecks().stream()
                    .map(c -> c.check().id() + " passed: " + c.detail()).reduce((a, b) -> a + "; " + b).orElse("")
                    + "), but " + root + "'s health body says " + hearsay.said() + ": " + root + " cannot use it");
        }
        return new Diagnosis.RootCause(root, own.map(c -> c.check().id()).orElse(null), signature, entry.classification(),
                why, entry.nextChecks(), impact(root, cascades), cascades);
    }

    /** Answers, but never became ready, and its body says it is still in startup (or in emergency mode). */
    private boolean stuck(CheckResult c) {
        if (c.observation() == null || c.observation().status() == null) {
            return false;
        }
        if (c.detail() != null && c.detail().startsWith("stuck at phase")) {
            return true; // the settle loop saw no progress over several answers
        }
        HealthReport report = report(c);
        if (Boolean.TRUE.equals(report.emergencyMode())) {
            return true; // an emergency bypass does not finish starting by waiting
        }
        if (c.attempts() < 2) {
            return false;
        }
        return Boolean.FALSE.equals(report.startupComplete()) || Boolean.TRUE.equals(report.emergencyMode());
    }

    /** Not ready on a single look, its body saying startup is still under way: slow or stuck cannot be told yet. */
    private boolean starting(CheckResult c) {
        return c.observation() != null && c.observation().status() != null
                && Boolean.FALSE.equals(report(c).startupComplete()) && !Boolean.TRUE.equals(report(c).emergencyMode());
    }

    /** From the symptom users see (the cascade farthest from the root) down to the root, one step per service. */
    private List<String> why(String root, List<Diagnosis.Cascade> cascades, Set<String> failing) {
        List<String> best = List.of(root);
        boolean bestOnGoldenPath = false;
        for (Diagnosis.Cascade cascade : cascades) {
            List<String> path = path(cascade.service(), root, failing);
            boolean golden = onGoldenPath(cascade.service());
            if (path.size() > best.size() || path.size() == best.size() && golden && !bestOnGoldenPath) {
                best = path;
                bestOnGoldenPath = golden;
            }
        }
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < best.size(); i++) {
            String node = best.get(i);
            Optional<CheckResult> check = failingCheck(node);
            if (check.isPresent()) {
                steps.add(check.get().check().id() + ": " + check.get().signature() + ", " + check.get().detail());
            } else if (reportedDown.containsKey(node)) {
                Map<String, String> reports = reportedDown.get(node);
                String reporter = i > 0 && reports.containsKey(best.get(i - 1)) ? best.get(i - 1)
                        : reports.keySet().iterator().next();
                steps.add(node + ": unreachable from " + reporter + " (its health body: " + reports.get(reporter) + ")");
            }
        }
        return steps;
    }

    private boolean onGoldenPath(String service) {
        return checks.getOrDefault(service, List.of()).stream()
                .anyMatch(c -> !c.passed() && c.check().goldenPath());
    }

    private List<String> path(String from, String to, Set<String> failing) {
        Map<String, String> previous = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        previous.put(from, null);
        while (!todo.isEmpty()) {
            String current = todo.poll();
            if (current.equals(to)) {
                List<String> out = new ArrayList<>();
                for (String n = to; n != null; n = previous.get(n)) {
                    out.add(0, n);
                }
                return out;
            }
            for (String next : failingDependencies(current, failing)) {
                if (!previous.containsKey(next)) {
                    previous.put(next, current);
                    todo.add(next);
                }
            }
        }
        return List.of(from, to);
    }

    private Diagnosis.Impact impact(String root, List<Diagnosis.Cascade> cascades) {
        Set<String> services = new LinkedHashSet<>();
        services.add(root);
        cascades.forEach(c -> services.add(c.service()));
        String priority = null;
        long arr = 0;
        List<String> notes = new ArrayList<>();
        boolean goldenPath = false;
        for (String service : services) {
            ServiceInfo info = run.services().get(service);
            Impact impact = info == null ? Impact.NONE : info.impact();
            if (impact.priority() != null && (priority == null || impact.priority().compareTo(priority) < 0)) {
                priority = impact.priority();
            }
            if (impact.note() != null && !notes.contains(impact.note())) {
                notes.add(impact.note());
            }
            arr = Math.max(arr, impact.arrAtRisk()); // the same revenue stands behind every service of one path
            goldenPath |= onGoldenPath(service);
        }
        return new Diagnosis.Impact(priority, arr, notes, goldenPath);
    }
}
