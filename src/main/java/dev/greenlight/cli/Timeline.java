package dev.greenlight.cli;

/**
 * Where a process's wall-clock time goes, for whoever measures Greenlight's speed: with {@code GREENLIGHT_TIMELINE=1}
 * in the environment, each mark prints on stderr its milliseconds since the {@code greenlight} script started (or, run
 * without it, since the JVM finished starting). Otherwise a mark costs one read of a final field.
 */
final class Timeline {
    private static final boolean ON = System.getenv("GREENLIGHT_TIMELINE") != null;
    private static final long STARTED = ON ? started() : 0;

    private Timeline() {
    }

    /** When the launcher script started (it says so in microseconds), else when the JVM finished its own start. */
    private static long started() {
        try {
            return Long.parseLong(System.getProperty("greenlight.launched_us", "")) / 1000;
        } catch (NumberFormatException e) {
            return java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        }
    }

    static void mark(String what) {
        if (ON) {
            System.err.printf("greenlight timeline: %5d ms %s%n", System.currentTimeMillis() - STARTED, what);
        }
    }
}
