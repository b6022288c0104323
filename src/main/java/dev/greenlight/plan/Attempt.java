package dev.greenlight.plan;

import dev.greenlight.probe.FailureSignature;
import java.time.Duration;

/**
 * One try of a check, for its timeline: when it started (from the start of the run), how long it
 * took, what came of it, and where the service said its startup stood (from its health body, if any).
 */
public record Attempt(int number, Duration at, Duration took, boolean passed, FailureSignature signature, String detail,
                      Integer status, Startup startup) {

    /** What a health body said of startup: its phase, whether it is complete, whether emergency mode is on. */
    public record Startup(String phase, Boolean complete, Boolean emergencyMode) {
        public static final Startup UNKNOWN = new Startup(null, null, null);

        /** It answered, and says it has not finished starting (or runs an emergency bypass). */
        public boolean notFinished() {
            return Boolean.FALSE.equals(complete) || Boolean.TRUE.equals(emergencyMode);
        }
    }

    public Attempt {
        startup = startup == null ? Startup.UNKNOWN : startup;
    }
}
