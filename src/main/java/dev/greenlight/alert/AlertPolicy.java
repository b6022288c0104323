package dev.greenlight.alert;

import dev.greenlight.config.AlertsConfig;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.issues.Fingerprint;
import dev.greenlight.report.SavedReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a root cause is worth telling. Each root cause is known by its fingerprint (environment, service, class of
 * signature: a database that refuses one run and times out the next is one outage), so one outage is one alert
 * however many checks fail because of it.
 *
 * <ul>
 *   <li>FIRING once it has been seen {@code failure_threshold} runs in a row (startup noise and one-off blips stay
 *       quiet), outside maintenance windows; a root cause that crossed the threshold during a window fires at the
 *       first run after it if it is still there;</li>
 *   <li>REMINDER every {@code remind_every} while it lasts (not in a window);</li>
 *   <li>RESOLVED once it has been gone {@code success_threshold} runs in a row, also in a window (an all-clear pages
 *       no one, and a receiver must not be left with an open alert);</li>
 *   <li>an INCONCLUSIVE run changes nothing: Greenlight could not observe (its own network, its resolver), which is
 *       evidence neither of an outage nor of its end.</li>
 * </ul>
 * Watchers in several places ({@code watch --location}) are counted apart: "in a row" is in the runs of one location,
 * so a failure seen from one place only fires (it would never be seen twice in a row in the fleet's interleaved runs),
 * and the alert says where it is seen and where it is not. It resolves when every location that saw it has seen it
 * gone {@code success_threshold} runs in a row.
 */
public final class AlertPolicy {

    /** One location's view of a root cause: runs in a row there that saw it, that did not, and its last run. */
    private static final class Streak {
        int seen;
        int gone;
        Instant last;
    }

    private static final class Tracked {
        AlertEvent last;
        String firstSeen;
        /** By location ("" when none is said). */
        final Map<String, Streak> streaks = new LinkedHashMap<>();
        boolean firing;
        Instant lastSent;

        Streak at(String location, Instant now) {
            if (!location.isEmpty()) {
                streaks.remove(""); // counted before locations were named (an earlier watch): the named ones take over
            }
            Streak s = streaks.computeIfAbsent(location, k -> new Streak());
            s.last = now;
            return s;
        }

        int seenInARow() {
            return streaks.values().stream().mapToInt(s -> s.seen).max().orElse(0);
        }

        int goneInARow() {
            return streaks.values().stream().mapToInt(s -> s.gone).min().orElse(0);
        }

        /** Gone from every location, for {@code threshold} runs in a row of each. */
        boolean goneFor(int threshold) {
            return streaks.values().stream().allMatch(s -> s.seen == 0 && s.gone >= threshold);
        }

        /** The named locations that see it now ({@code failing}) or do not; none when no location is named. */
        List<String> where(boolean failing) {
            return streaks.entrySet().stream().filter(e -> !e.getKey().isEmpty() && (e.getValue().seen > 0) == failing)
                    .map(Map.Entry::getKey).sorted().toList();
        }

        /** Named locations with no run since {@code before}: their watchers left; what they saw no longer counts. */
        void forgetSilentSince(Instant before) {
            streaks.entrySet().removeIf(e -> !e.getKey().isEmpty() && e.getValue().last.isBefore(before));
        }
    }

    private final AlertsConfig config;
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    /** environment/service -> the version it said in the last GO run. */
    private final Map<String, String> versionsWhenGo = new java.util.HashMap<>();
    private Duration forgetSilentLocationsAfter;

    public AlertPolicy(AlertsConfig config) {
        this.config = config;
    }

    /**
     * A location whose watchers made no run for {@code after} is forgotten: what it saw stops holding an alert open
     * (or firing it), so a watcher that leaves the fleet for good does not keep its last view alive.
     */
    public synchronized void forgetSilentLocationsAfter(Duration after) {
        this.forgetSilentLocationsAfter = after;
    }

    /**
     * Takes up the alerts an earlier watch of {@code environment} left firing (from the store), so a restart neither fires
     * them again nor forgets to resolve them. A store shared by several environments holds theirs too: those are not
     * this watch's to count as gone, resolve or show as firing. Returns the alerts taken up.
     */
    public synchronized List<AlertEvent> resume(List<AlertEvent> open, String environment) {
        List<AlertEvent> taken = open.stream().filter(e -> e.environment().equals(environment)).toList();
        for (AlertEvent e : taken) {
            Tracked t = tracked.computeIfAbsent(e.fingerprint(), k -> new Tracked());
            t.last = e;
            t.firstSeen = e.firstSeen();
            t.firing = true;
            for (String where : e.seenFrom().isEmpty() ? List.of("") : e.seenFrom()) {
                t.at(where, Instant.parse(e.at())).seen = Math.max(e.runs(), config.failureThreshold());
            }
            t.lastSent = Instant.parse(e.at());
        }
        return taken;
    }

    private static String goKey(String environment, String service) {
        return environment + "/" + service;
    }

    /** The versions {@code environment}'s services said in its last GO run before this watch (from the store). */
    public synchronized void rememberGo(String environment, Map<String, String> versions) {
        versions.forEach((service, version) -> versionsWhenGo.putIfAbsent(goKey(environment, service), version));
    }

    /** What to tell after {@code run}, observed at {@code at}. */
    public List<AlertEvent> onRun(SavedReport run, Instant at) {
        return onRun(run, at, null);
    }

    /** What to tell after {@code run}, observed at {@code at} from {@code location} (null: none said). */
    public synchronized List<AlertEvent> onRun(SavedReport run, Instant at, String location) {
        if ("INCONCLUSIVE".equals(run.verdict())) {
            return List.of();
        }
        String here = location == null ? "" : location;
        if (forgetSilentLocationsAfter != null) {
            tracked.values().forEach(t -> t.forgetSilentSince(at.minus(forgetSilentLocationsAfter)));
        }
        boolean quiet = config.maintenanceAt(at).isPresent();
        Map<String, AlertEvent> seen = rootCauses(run, at);
        if ("GO".equals(run.verdict())) {
            run.versions().forEach((service, version) -> versionsWhenGo.put(goKey(run.environment(), service), version));
        }
        List<AlertEvent> out = new ArrayList<>();
        for (Map.Entry<String, AlertEvent> e : seen.entrySet()) {
            Tracked t = tracked.computeIfAbsent(e.getKey(), k -> new Tracked());
            if (t.seenInARow() == 0 && !t.firing) {
                t.firstSeen = at.toString();
            }
            Streak streak = t.at(here, at);
            streak.seen++;
            streak.gone = 0;
            t.last = e.getValue();
            if (quiet) {
                continue;
            }
            if (!t.firing && streak.seen >= config.failureThreshold()) {
                t.firing = true;
                t.lastSent = at;
                out.add(event(t, AlertEvent.Kind.FIRING, streak.seen, at));
            } else if (t.firing && config.remindEvery().isPresent()
                    && !at.isBefore(t.lastSent.plus(config.remindEvery().get()))) {
                t.lastSent = at;
                out.add(event(t, AlertEvent.Kind.REMINDER, t.seenInARow(), at));
            }
        }
        for (Iterator<Map.Entry<String, Tracked>> it = tracked.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Tracked> e = it.next();
            if (seen.containsKey(e.getKey())) {
                continue;
            }
            Tracked t = e.getValue();
            Streak streak = t.at(here, at); // a location that never saw it says so too: it sees it up
            streak.seen = 0;
            streak.gone++;
            if (t.goneFor(config.successThreshold())) {
                if (t.firing) {
                    out.add(event(t, AlertEvent.Kind.RESOLVED, t.goneInARow(), at));
                }
                it.remove();
            }
        }
        return out;
    }

    /** The root causes alerted and not yet resolved, for the status page. */
    public synchronized List<AlertEvent> firing() {
        return tracked.values().stream().filter(t -> t.firing).map(t -> t.last).toList();
    }

    /** How long the policy waits before telling: the threshold in runs, as a sentence for the log. */
    public String describe(Duration interval) {
        return "alerts after " + config.failureThreshold() + " run(s) in a row (about " + interval.multipliedBy(config.failureThreshold())
                .toSeconds() + " s), resolved after " + config.successThreshold() + config.remindEvery()
                .map(r -> ", reminded every " + r.toMinutes() + " min").orElse("");
    }

    private static AlertEvent event(Tracked t, AlertEvent.Kind kind, int runs, Instant at) {
        AlertEvent l = t.last;
        return new AlertEvent(kind, l.fingerprint(), l.environment(), l.service(), l.check(), l.signature(), l.classification(),
                l.priority(), l.why(), l.cascades(), t.firstSeen, runs, at.toString(), l.verdict(), t.where(true), t.where(false),
                l.version(), l.versionWhenGo());
    }

    /**
     * The run's root causes by fingerprint; two of one fingerprint (two checks of one service) are one, cascades joined.
     * Each carries the version its service said in the last GO run, when that is known.
     */
    private Map<String, AlertEvent> rootCauses(SavedReport run, Instant at) {
        Map<String, AlertEvent> out = new LinkedHashMap<>();
        for (Diagnosis.RootCause r : run.rootCauses()) {
            String fingerprint = Fingerprint.of(run.environment(), r.service(), r.signature()).value();
            List<AlertEvent.Cascade> cascades = new ArrayList<>();
            for (Diagnosis.Cascade c : r.cascades()) {
                cascades.add(new AlertEvent.Cascade(c.service(), c.check(), c.because()));
            }
            AlertEvent event = new AlertEvent(AlertEvent.Kind.FIRING, fingerprint, run.environment(), r.service(), r.check(),
                    r.signature(), r.classification().name().toLowerCase(Locale.ROOT), r.impact() == null ? null : r.impact().priority(),
                    r.why(), cascades, at.toString(), 1, at.toString(), run.verdict(), List.of(), List.of(),
                    run.versions().get(r.service()), versionsWhenGo.get(goKey(run.environment(), r.service())));
            out.merge(fingerprint, event, (a, b) -> {
                List<AlertEvent.Cascade> joined = new ArrayList<>(a.cascades());
                b.cascades().stream().filter(c -> !joined.contains(c)).forEach(joined::add);
                return new AlertEvent(a.kind(), a.fingerprint(), a.environment(), a.service(), a.check(), a.signature(),
                        a.classification(), a.priority(), a.why(), joined, a.firstSeen(), a.runs(), a.at(), a.verdict(),
                        List.of(), List.of(), a.version(), a.versionWhenGo());
            });
        }
        return out;
    }
}
