package dev.greenlight.demo;

import java.util.Arrays;
import java.util.Optional;

/** The incident's faults, one per scenario, with what the demo shows and the verdict to expect. */
public enum Scenario {
    HEALTHY("healthy", "no fault: every service starts and the golden path streams its five events", "GO"),
    DB_UNREACHABLE("db-unreachable", "the relay to the database (the VPC connector) blackholes; the backend hangs in "
            + "DATABASE, the WebSocket is refused 503, auth is not ready, the frontend reports both degraded", "NO-GO"),
    AUTH_PORT_DRIFT("auth-port-drift", "auth listens on another port than the one its service entry names "
            + "(8081 vs 8080): refused, no token, the golden path is blocked", "NO-GO"),
    AUTH_OLD_REVISION("auth-old-revision", "auth's new revision (" + Scenario.DEPLOYED + ") never became ready, so the "
            + "platform kept its previous one (" + Scenario.PREVIOUS + ") serving: every answer is 200, from the old release",
            "NO-GO (WRONG_VERSION; GO without expected_version)"),
    EMERGENCY_BYPASS("emergency-bypass", "EMERGENCY_ALLOW_NO_DATABASE=true and the early return: the process answers, "
            + "startup stops after CACHE, health stays 503 (persistent, not a slow start)", "NO-GO, also with --settle"),
    SLOW_START("slow-start", "the backend needs about 8 s to finish its seven startup phases",
            "GO with --settle 20s (NO-GO without)"),
    SLOW_DATABASE("slow-database", "the relay adds 150 ms to every read on the path; a query takes about a second, the backend reports its database as warn",
            "DEGRADED"),
    MISSING_AGENT_EVENT("missing-agent-event", "the agent pipeline stops after tool_executing", "NO-GO"),
    CACHE_DOWN("cache-down", "the cache endpoint is closed; the backend runs without cache and says so", "DEGRADED");

    /** The release the demo's deploy rolled out (its plan's {@code expected_version}), and the one before it. */
    static final String DEPLOYED = "1.4.2";
    static final String PREVIOUS = "1.4.1";

    private final String id;
    private final String shows;
    private final String expected;

    Scenario(String id, String shows, String expected) {
        this.id = id;
        this.shows = shows;
        this.expected = expected;
    }

    public String id() {
        return id;
    }

    public String shows() {
        return shows;
    }

    public String expected() {
        return expected;
    }

    public static Optional<Scenario> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
