package dev.greenlight.preflight.rules;

import dev.greenlight.finding.Finding;
import dev.greenlight.finding.RuleInfo;
import dev.greenlight.preflight.DeploymentModel;
import dev.greenlight.preflight.Place;
import dev.greenlight.preflight.PreflightRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GL-P011: a manifest probes a health path the service's code does not serve. The code serves {@code /health}, the
 * Deployment's readiness probe asks for {@code /healthz}: every probe gets 404, the platform never marks the new
 * release ready, and the rollout stalls (or the container is killed, for a liveness probe). Judged only where the code
 * serves a health path of its own in a way that is read ({@link #HEALTH_LIKE}), and serves nothing under a prefix or
 * through its framework (then not every path it serves is known).
 */
public final class HealthPathUnserved implements PreflightRule {

    /** The paths services answer health on: the code serves one of these, and the manifest asks for another. */
    private static final Pattern HEALTH_LIKE = Pattern.compile("(?i)/(health|healthz|healthcheck|ready|readyz|readiness|"
            + "live|livez|liveness|ping|status|_health|hc)(/.*)?");

    @Override
    public RuleInfo info() {
        return new RuleInfo("GL-P011", "health-path-unserved", "A manifest probes a health path the code does not serve",
                "Probe the path the service serves (or serve the one the platform probes): a probe of a path it does not "
                        + "serve gets 404, and the release never becomes ready.");
    }

    @Override
    public List<Finding> check(DeploymentModel model) {
        List<Finding> out = new ArrayList<>();
        for (DeploymentModel.Service service : model.services()) {
            List<Place> health = service.routes().stream().filter(r -> HEALTH_LIKE.matcher(r.text()).matches()).toList();
            if (health.isEmpty() || !service.mounts().isEmpty()) {
                continue;
            }
            for (Place probed : service.healthPaths()) {
                if (service.routes().stream().noneMatch(r -> serves(r.text(), probed.text()))) {
                    List<Place> places = new ArrayList<>(List.of(probed));
                    places.addAll(health);
                    out.add(finding(Finding.Severity.ERROR, service.name(), places, service.name() + ": " + probed
                            + " probes " + probed.text() + ", a path its code does not serve (it serves "
                            + String.join(", ", health.stream().map(h -> h.text() + " at " + h).toList())
                            + "): the probe gets 404 and the release never becomes ready"));
                }
            }
        }
        return out;
    }

    /** Whether a route ({@code /orders/{id}}, {@code /items/:id}, {@code /files/<path:p>}) serves {@code path}. */
    static boolean serves(String route, String path) {
        String wanted = trimmed(path.replaceFirst("[?#].*", ""));
        List<String> parts = new ArrayList<>();
        for (String part : trimmed(route).split("/", -1)) {
            parts.add(part.equals("*") || part.matches("\\{\\*.*}|<path:.*>|\\*\\w*|:\\w+\\*") ? ".*"
                    : part.matches("\\{.*}|<.*>|:\\w+\\??") ? "[^/]+" : Pattern.quote(part));
        }
        return wanted.matches(String.join("/", parts));
    }

    /** Without a trailing slash (frameworks redirect between the two, and probes follow redirects). */
    private static String trimmed(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
