package dev.greenlight.plan;

import dev.greenlight.config.Durations;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells a start that will never finish from a slow one, from the timeline: the last {@code attempts} answers
 * all said startup is not finished (or emergency mode is on) and named the same startup phase. A phase that
 * advances is slow progress and keeps the wait going.
 */
final class StuckStartup {

    private StuckStartup() {
    }

    /** "stuck at phase CACHE since 1.5s (6 answers without progress, emergency mode on)", when it is. */
    static Optional<String> of(List<Attempt> timeline, int attempts) {
        if (attempts <= 0 || timeline.size() < attempts) {
            return Optional.empty();
        }
        List<Attempt> last = timeline.subList(timeline.size() - attempts, timeline.size());
        Attempt first = last.get(0);
        for (Attempt a : last) {
            if (a.status() == null || !a.startup().notFinished()
                    || !Objects.equals(a.startup().phase(), first.startup().phase())) {
                return Optional.empty();
            }
        }
        Attempt since = first;
        for (int i = timeline.size() - attempts - 1; i >= 0; i--) {
            Attempt earlier = timeline.get(i);
            if (earlier.status() == null || !Objects.equals(earlier.startup().phase(), first.startup().phase())) {
                break;
            }
            since = earlier;
        }
        boolean emergency = Boolean.TRUE.equals(last.get(last.size() - 1).startup().emergencyMode());
        return Optional.of("stuck at phase " + (first.startup().phase() == null ? "(unnamed)" : first.startup().phase())
                + " since " + Durations.format(since.at()) + " (" + attempts + " answers without progress"
                + (emergency ? ", emergency mode on" : "") + ")");
    }
}
