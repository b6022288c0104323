package dev.greenlight.probe;

import java.util.regex.Pattern;

/** What a check's path asks for: a health endpoint ({@code /healthz}, {@code /ready}, {@code /actuator/health}) or an API. */
final class EndpointPaths {

    /** A path segment of a health endpoint. */
    private static final Pattern HEALTH = Pattern.compile("(?i)(^|/)(_{0,2}health(z|check|-check)?|readyz?|readiness"
            + "|livez?|liveness|ping|heartbeat|actuator)(/|$|\\.json)");
    private static final Pattern API = Pattern.compile("(?i)^/api(/|$)");

    private EndpointPaths() {
    }

    /** A health endpoint's path: what only the service itself, now, can answer. */
    static boolean health(String rawPath) {
        return rawPath != null && HEALTH.matcher(rawPath).find();
    }

    /** A health endpoint's or an API's path: what an HTML page never legitimately answers. */
    static boolean endpoint(String rawPath) {
        return rawPath != null && (API.matcher(rawPath).find() || health(rawPath));
    }
}
