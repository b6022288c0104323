package dev.greenlight.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The routes read from the code of each framework, and the places where not every served path can be known. */
class RouteExtractorTest {

    private static DeploymentModel.Service read(String file, String code) {
        DeploymentModel model = new DeploymentModel();
        RouteExtractor.extract("svc", "svc/" + file, file, List.of(code.split("\n")), model);
        return model.services().isEmpty() ? null : model.services().get(0);
    }

    private static List<String> routes(String file, String code) {
        DeploymentModel.Service s = read(file, code);
        return s == null ? List.of() : s.routes().stream().map(Place::text).toList();
    }

    private static boolean mounts(String file, String code) {
        DeploymentModel.Service s = read(file, code);
        return s != null && !s.mounts().isEmpty();
    }

    @Test
    void pythonFrameworks() {
        assertThat(routes("app.py", """
                @app.route("/health", methods=["GET"])
                @bp.get('/ready')
                @router.api_route("/live", methods=["GET", "HEAD"])
                app.add_url_rule("/ping", view_func=ping)
                # @app.route("/commented-out")
                @app.route("relative")
                """)).containsExactly("/health", "/ready", "/live", "/ping");
        assertThat(routes("urls.py", """
                urlpatterns = [
                    path("healthz/", views.health),
                    re_path(r"^legacy/$", views.legacy),
                ]
                """)).containsExactly("/healthz/");
        assertThat(mounts("urls.py", "    path(\"api/\", include(\"shop.urls\")),")).isTrue();
        assertThat(mounts("main.py", "app.include_router(router, prefix=\"/internal\")")).isTrue();
        assertThat(mounts("app.py", "app.register_blueprint(admin, url_prefix=\"/admin\")")).isTrue();
    }

    @Test
    void nodeFrameworks() {
        assertThat(routes("server.js", """
                app.get('/health', (req, res) => res.send('ok'));
                router.get("/orders/:id", handler);
                fastify.get(`/ready`, async () => ({ ok: true }));
                app.get('env');
                """)).containsExactly("/health", "/orders/:id", "/ready");
        assertThat(mounts("server.js", "app.use('/api', apiRouter);")).isTrue();
        assertThat(mounts("server.ts", "fastify.register(routes, { prefix: '/v1' });")).isTrue();
        assertThat(mounts("server.js", "app.use(express.json());")).isFalse();
    }

    @Test
    void springOnMethodsAndAPrefixOnTheClass() {
        assertThat(routes("HealthController.java", """
                @RestController
                public class HealthController {
                    @GetMapping("/health")
                    public String health() { return "ok"; }
                    @RequestMapping(value = "/ready", method = RequestMethod.GET)
                    public String ready() { return "ok"; }
                }
                """)).containsExactly("/health", "/ready");
        assertThat(mounts("OrderController.java", """
                @RestController
                @RequestMapping("/api/orders")
                public class OrderController {
                    @GetMapping("/{id}")
                    public Order one(@PathVariable long id) { return null; }
                }
                """)).isTrue();
        assertThat(mounts("application.properties", "management.endpoints.web.exposure.include=health")).isTrue();
    }

    @Test
    void goRouters() {
        assertThat(routes("main.go", """
                http.HandleFunc("/healthz", health)
                mux.HandleFunc("GET /readyz", ready)
                r.Get("/livez", live)
                e.GET("/ping", ping)
                """)).containsExactly("/healthz", "/readyz", "/livez", "/ping");
        assertThat(mounts("main.go", "api := r.Group(\"/api\")")).isTrue();
        assertThat(mounts("main.go", "http.Handle(\"/static/\", http.StripPrefix(\"/static/\", fs))")).isTrue();
    }

    @Test
    void dotnetKtorAndRails() {
        assertThat(routes("Program.cs", """
                app.MapHealthChecks("/healthz");
                app.MapGet("/ready", () => Results.Ok());
                app.MapGet("orders/{id}", GetOrder);
                """)).containsExactly("/healthz", "/ready", "/orders/{id}");
        assertThat(mounts("Program.cs", "var api = app.MapGroup(\"/api\");")).isTrue();
        assertThat(mounts("OrdersController.cs", "[Route(\"api/[controller]\")]")).isTrue();
        assertThat(routes("Application.kt", """
                routing {
                    get("/health") { call.respondText("ok") }
                }
                """)).containsExactly("/health");
        assertThat(mounts("Application.kt", "    route(\"/api\") {")).isTrue();
        assertThat(routes("routes.rb", """
                Rails.application.routes.draw do
                  get "up" => "rails/health#show", as: :rails_health_check
                  root "pages#home"
                end
                """)).containsExactly("/up");
        assertThat(mounts("routes.rb", "  namespace :api do")).isTrue();
    }
}
