package dev.greenlight.preflight;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths a service's code serves, read line by line from the usual ways of declaring them: Flask and FastAPI
 * ({@code @app.route("/health")}, {@code @router.get("/ready")}), Django's {@code path("health/", ...)}, Express, Fastify
 * and Koa ({@code app.get('/health', ...)}), Spring ({@code @GetMapping("/health")}), Go's {@code http.HandleFunc("/health", ...)}
 * and its routers ({@code r.Get}, {@code e.GET}), ASP.NET Core ({@code app.MapGet}, {@code app.MapHealthChecks}), Ktor
 * and Rails' {@code routes.rb}. Where routes are served under a prefix (a router included at
 * {@code /api}, a class-level {@code @RequestMapping}) or by the framework itself (Spring's actuator, MicroProfile
 * health), the place is kept as a mount: the paths read are then not all the service serves.
 */
final class RouteExtractor {

    private static final Pattern PY_ROUTE = Pattern.compile(
            "@\\w+(?:\\.\\w+)*\\.(?:route|get|head|api_route)\\(\\s*[rf]?['\"]([^'\"]*)['\"]");
    private static final Pattern PY_URL_RULE = Pattern.compile("add_url_rule\\(\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern PY_MOUNT = Pattern.compile("include_router\\(.*prefix\\s*=|register_blueprint\\(.*url_prefix\\s*="
            + "|\\.mount\\(\\s*['\"]|Blueprint\\(.*url_prefix\\s*=|APIRouter\\(.*prefix\\s*=");
    private static final Pattern DJANGO_PATH = Pattern.compile("\\b(re_)?path\\(\\s*r?['\"]([^'\"]*)['\"]");
    private static final Pattern NODE_ROUTE = Pattern.compile("\\b\\w+\\.(?:get|all|head|route)\\(\\s*['\"`](/[^'\"`]*)['\"`]");
    private static final Pattern NODE_MOUNT = Pattern.compile("\\.use\\(\\s*['\"`]/|prefix\\s*:\\s*['\"`]/|new Router\\(\\s*\\{\\s*prefix");
    private static final Pattern SPRING_ROUTE = Pattern.compile(
            "@(?:Get|Request|Head)Mapping\\(\\s*(?:(?:value|path)\\s*=\\s*)?\\{?\\s*\"([^\"]*)\"");
    private static final Pattern SPRING_SELF = Pattern.compile("^\\s*management\\.|@Readiness|@Liveness|@Startup\\b|HealthIndicator"
            + "|implements HealthCheck");
    private static final Pattern GO_ROUTE = Pattern.compile(
            "\\.(?:HandleFunc|Handle|Get|GET|Head|HEAD|Any|Match)\\(\\s*\"((?:[A-Z]+ )?/[^\"]*)\"");
    private static final Pattern GO_MOUNT = Pattern.compile("\\.(?:Group|Route|Mount|PathPrefix)\\(\\s*\"/|StripPrefix\\(");
    /** ASP.NET Core minimal APIs and health checks ({@code app.MapHealthChecks("/healthz")}); attribute routes are prefixes. */
    private static final Pattern DOTNET_ROUTE = Pattern.compile(
            "\\.Map(?:Get|Head|Methods|HealthChecks)?\\(\\s*@?\"(/?[^\"]*)\"");
    private static final Pattern DOTNET_MOUNT = Pattern.compile("\\.MapGroup\\(|\\[Route\\(|\\.MapControllers\\(|UsePathBase\\(");
    /** Ktor's routing DSL ({@code get("/health") { ... }}); {@code route("/api")} is a prefix. */
    private static final Pattern KTOR_ROUTE = Pattern.compile("^\\s*(?:get|head)\\(\\s*\"(/[^\"]*)\"");
    private static final Pattern KTOR_MOUNT = Pattern.compile("^\\s*route\\(\\s*\"/");
    /** Rails' routes.rb ({@code get "up" => "rails/health#show"}); scopes and namespaces are prefixes. */
    private static final Pattern RAILS_ROUTE = Pattern.compile("^\\s*(?:get|match)\\s*\\(?\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern RAILS_MOUNT = Pattern.compile("^\\s*(?:scope|namespace|mount)\\b");

    private RouteExtractor() {
    }

    /** Reads the routes of one file of {@code service}'s code. */
    static void extract(String service, String rel, String name, List<String> lines, DeploymentModel model) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String code = line.strip();
            if (code.startsWith("#") || code.startsWith("//") || code.startsWith("*")) {
                continue;
            }
            Place place = new Place(rel, i + 1, code);
            if (name.endsWith(".py")) {
                python(service, name, line, place, model);
            } else if (name.endsWith(".java")) {
                java(service, lines, i, place, model);
            } else if (name.endsWith(".go")) {
                routes(GO_ROUTE, GO_MOUNT, service, line, place, model);
            } else if (name.endsWith(".cs")) {
                routes(DOTNET_ROUTE, DOTNET_MOUNT, service, line, place, model);
            } else if (name.endsWith(".kt")) {
                if (line.contains("Mapping(")) {
                    java(service, lines, i, place, model); // Spring in Kotlin
                } else {
                    routes(KTOR_ROUTE, KTOR_MOUNT, service, line, place, model);
                }
            } else if (name.endsWith(".rb")) {
                routes(RAILS_ROUTE, RAILS_MOUNT, service, line, place, model);
            } else if (name.startsWith("application")) {
                if (SPRING_SELF.matcher(line).find()) {
                    model.mount(service, place);
                }
            } else {
                routes(NODE_ROUTE, NODE_MOUNT, service, line, place, model);
            }
        }
    }

    private static void python(String service, String name, String line, Place place, DeploymentModel model) {
        if (PY_MOUNT.matcher(line).find() || name.equals("urls.py") && line.contains("include(")) {
            model.mount(service, place);
            return;
        }
        if (name.equals("urls.py")) {
            Matcher m = DJANGO_PATH.matcher(line);
            if (m.find() && m.group(1) == null) { // re_path: a regular expression, not a path
                model.route(service, new Place(place.file(), place.line(), "/" + m.group(2)));
            }
            return;
        }
        for (Pattern p : new Pattern[] {PY_ROUTE, PY_URL_RULE}) {
            Matcher m = p.matcher(line);
            if (m.find() && m.group(1).startsWith("/")) {
                model.route(service, new Place(place.file(), place.line(), m.group(1)));
            }
        }
    }

    private static void java(String service, List<String> lines, int at, Place place, DeploymentModel model) {
        String line = lines.get(at);
        if (SPRING_SELF.matcher(line).find()) {
            model.mount(service, place);
            return;
        }
        Matcher m = SPRING_ROUTE.matcher(line);
        if (!m.find()) {
            if (line.contains("@RequestMapping") && atClass(lines, at)) {
                model.mount(service, place); // a class-level @RequestMapping without a path read: prefix unknown
            }
            return;
        }
        if (atClass(lines, at)) {
            model.mount(service, place); // a prefix for the methods below
        } else {
            model.route(service, new Place(place.file(), place.line(), m.group(1).isEmpty() ? "/" : m.group(1)));
        }
    }

    /** Whether the annotation at {@code at} is on a class (a class declaration follows before any method). */
    private static boolean atClass(List<String> lines, int at) {
        for (int i = at + 1; i < Math.min(lines.size(), at + 6); i++) {
            String l = lines.get(i);
            if (l.matches(".*\\b(class|interface|record)\\s+\\w+.*")) {
                return true;
            }
            if (l.contains("(") && !l.strip().startsWith("@")) {
                return false;
            }
        }
        return false;
    }

    private static void routes(Pattern route, Pattern mount, String service, String line, Place place, DeploymentModel model) {
        if (mount.matcher(line).find()) {
            model.mount(service, place);
            return;
        }
        Matcher m = route.matcher(line);
        while (m.find()) {
            String path = m.group(1).replaceFirst("^[A-Z]+ ", ""); // Go 1.22: "GET /health"
            model.route(service, new Place(place.file(), place.line(), path.startsWith("/") ? path : "/" + path));
        }
    }
}
