package dev.greenlight.alert;

import java.util.List;

/**
 * One thing to tell: a root cause that started (FIRING), goes on (REMINDER) or ended (RESOLVED), with what fails
 * because of it folded in. Made from the run's redacted report, so no secret reaches it. Times are ISO-8601.
 *
 * @param runs     how many runs in a row it was seen (FIRING, REMINDER) or has been gone (RESOLVED)
 * @param seenFrom the watchers' locations that see it now ({@code watch --location}; empty when none is named)
 * @param upFrom   the locations that do not
 */
public record AlertEvent(Kind kind, String fingerprint, String environment, String service, String check, String signature,
                         String classification, String priority, List<String> why, List<Cascade> cascades, String firstSeen,
                         int runs, String at, String verdict, List<String> seenFrom, List<String> upFrom, String version,
                         String versionWhenGo) {

    public enum Kind { FIRING, REMINDER, RESOLVED }

    /** A service that fails because of the root cause, and the evidence of the link. */
    public record Cascade(String service, String check, String because) {
    }

    public AlertEvent {
        why = why == null ? List.of() : List.copyOf(why);
        cascades = cascades == null ? List.of() : List.copyOf(cascades);
        seenFrom = seenFrom == null ? List.of() : List.copyOf(seenFrom);
        upFrom = upFrom == null ? List.of() : List.copyOf(upFrom);
    }

    /** The service runs another version than in the last GO run: a release came between, the first suspect. */
    public boolean releasedSinceGo() {
        return version != null && versionWhenGo != null && !version.equals(versionWhenGo);
    }

    /** "; seen from eu-west only (up from us-east)" when a location sees it up; "" otherwise. */
    public String where() {
        if (kind == Kind.RESOLVED || seenFrom.isEmpty() || upFrom.isEmpty()) {
            return "";
        }
        return "; seen from " + String.join(", ", seenFrom) + " only (up from " + String.join(", ", upFrom) + ")";
    }

    /** One line: "[P0][staging] FIRING postgres: unreachable (CONNECTION_REFUSED), 3 runs in a row; 2 more fail because of it". */
    public String summary() {
        String what = service + (version == null ? "" : " " + version) + (releasedSinceGo() ? " (was " + versionWhenGo
                + " in the last GO run)" : "") + ": " + classification + " (" + signature + ")";
        String tail = switch (kind) {
            case FIRING, REMINDER -> ", " + runs + " run" + (runs == 1 ? "" : "s") + " in a row since " + firstSeen
                    + (cascades.isEmpty() ? "" : "; " + cascades.size() + " more fail because of it") + where();
            case RESOLVED -> ", gone for " + runs + " run" + (runs == 1 ? "" : "s") + " (since " + firstSeen + ")";
        };
        return (priority == null ? "" : "[" + priority + "]") + "[" + environment + "] " + kind + " " + what + tail;
    }
}
