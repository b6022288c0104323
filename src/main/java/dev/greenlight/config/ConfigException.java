package dev.greenlight.config;

/**
 * A user's configuration is wrong. The message names the place, the rule and the value;
 * the CLI prints it as it is (no stack trace) and exits 78.
 */
public class ConfigException extends Exception {

    private final Location location;
    private final String problem;

    public ConfigException(Location location, String problem) {
        super(location + ": " + problem);
        this.location = location;
        this.problem = problem;
    }

    public Location location() {
        return location;
    }

    /** The message without its location. */
    public String problem() {
        return problem;
    }
}
