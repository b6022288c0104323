package dev.greenlight.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What changed between a baseline run and this one: checks that fail now and did not (new), that failed and pass
 * now (fixed), that fail in both (still failing), that pass in both but answer more than {@code slowFactor} times
 * slower (newly slow), and the change of verdict. A check the baseline did not have counts as new when it fails.
 */
public record RunDiff(String baselineSource, String baselineVerdict, String baselineStartedAt, String verdict,
                      List<Change> newFailures, List<Change> fixed, List<Change> stillFailing, List<Change> newlySlow,
                      double slowFactor, List<VersionChange> versionChanges) {

    /** A service that said another version in the baseline: a release came between the two runs. */
    public record VersionChange(String service, String before, String after) {
        @Override
        public String toString() {
            return service + " " + before + " -> " + after;
        }
    }

    /** Below this, a slowdown is noise however large the factor (a cold JVM alone adds tens of milliseconds to the first answers of a run). */
    static final double SLOWDOWN_FLOOR_MS = 50;
    public static final double DEFAULT_SLOW_FACTOR = 2.0;

    /** One check in both runs ({@code before} is null for a check the baseline did not have). */
    public record Change(String id, String service, SavedReport.SavedCheck before, SavedReport.SavedCheck after) {

        /** "FAIL CONNECTION_REFUSED" */
        static String outcome(SavedReport.SavedCheck c) {
            return c == null ? "absent" : c.status() + (c.passed() || c.signature().isEmpty() ? "" : " " + c.signature());
        }

        public String beforeOutcome() {
            return outcome(before);
        }

        public String afterOutcome() {
            return outcome(after);
        }
    }

    public RunDiff {
        newFailures = List.copyOf(newFailures);
        fixed = List.copyOf(fixed);
        stillFailing = List.copyOf(stillFailing);
        newlySlow = List.copyOf(newlySlow);
        versionChanges = List.copyOf(versionChanges);
    }

    public static RunDiff between(SavedReport baseline, SavedReport current, double slowFactor) {
        List<Change> added = new ArrayList<>();
        List<Change> fixed = new ArrayList<>();
        List<Change> still = new ArrayList<>();
        List<Change> slow = new ArrayList<>();
        current.checks().forEach((id, now) -> {
            SavedReport.SavedCheck before = baseline.checks().get(id);
            Change change = new Change(id, now.service(), before, now);
            boolean failedBefore = before != null && !before.passed();
            if (!now.passed()) {
                (failedBefore ? still : added).add(change);
            } else if (failedBefore) {
                fixed.add(change);
            } else if (before != null && slower(before.latencyMs(), now.latencyMs(), slowFactor)) {
                slow.add(change);
            }
        });
        List<VersionChange> versions = new ArrayList<>();
        current.versions().forEach((service, now) -> {
            String before = baseline.versions().get(service);
            if (before != null && !before.equals(now)) {
                versions.add(new VersionChange(service, before, now));
            }
        });
        return new RunDiff(baseline.source(), baseline.verdict(), baseline.startedAt(), current.verdict(), added, fixed,
                still, slow, slowFactor, versions);
    }

    /** The release that came between the runs for {@code service}, if one did. */
    public java.util.Optional<VersionChange> versionChange(String service) {
        return versionChanges.stream().filter(v -> v.service().equals(service)).findFirst();
    }

    private static boolean slower(Double before, Double now, double factor) {
        return before != null && now != null && now > before * factor && now - before >= SLOWDOWN_FLOOR_MS;
    }

    public boolean verdictChanged() {
        return !baselineVerdict.equals(verdict);
    }

    /** Nothing a reader must act on: no new failure and no new slowness. */
    public boolean nothingNew() {
        return newFailures.isEmpty() && newlySlow.isEmpty();
    }

    /** "NO-GO -> GO" or "NO-GO (unchanged)" */
    public String verdictLine() {
        return verdictChanged() ? baselineVerdict + " -> " + verdict : verdict + " (unchanged)";
    }

    /** Plain lines, one per change, for text formats. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("verdict " + verdictLine() + " since " + baselineSource
                + (baselineStartedAt.isEmpty() ? "" : " (" + baselineStartedAt + ")"));
        versionChanges.forEach(v -> out.add("new version: " + v));
        newFailures.forEach(c -> out.add("new failure: " + c.id() + " " + c.afterOutcome() + " (was " + c.beforeOutcome() + ")"
                + versionChange(c.service()).map(v -> ", since " + c.service() + " went " + v.before() + " -> " + v.after()).orElse("")));
        stillFailing.forEach(c -> out.add("still failing: " + c.id() + " " + c.afterOutcome()
                + (c.beforeOutcome().equals(c.afterOutcome()) ? "" : " (was " + c.beforeOutcome() + ")")));
        fixed.forEach(c -> out.add("fixed: " + c.id() + " (was " + c.beforeOutcome() + ")"));
        newlySlow.forEach(c -> out.add("newly slow: " + c.id() + " " + millis(c.after().latencyMs()) + " (was "
                + millis(c.before().latencyMs()) + ", more than " + trim(slowFactor) + "x)"));
        return out;
    }

    static String millis(Double ms) {
        return ms == null ? "-" : ms >= 100 ? Math.round(ms) + " ms" : String.format(java.util.Locale.ROOT, "%.1f ms", ms);
    }

    private static String trim(double factor) {
        return factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor);
    }
}
