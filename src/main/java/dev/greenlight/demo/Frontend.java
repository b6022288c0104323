package dev.greenlight.demo;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The frontend: stays up, and its /health reports the backend and auth as it sees them (BACKGROUND.md's shape). */
final class Frontend implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final Javalin app;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final long startedAt = System.nanoTime();

    Frontend(String backendHealth, String authHealth) {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health", ctx -> {
            long start = System.nanoTime();
            Map<String, Object> dependencies = new LinkedHashMap<>();
            dependencies.put("backend", probe(backendHealth));
            dependencies.put("auth", probe(authHealth));
            boolean healthy = dependencies.values().stream().allMatch(d -> "healthy".equals(((Map<?, ?>) d).get("status")));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", healthy ? "healthy" : "degraded");
            body.put("service", "frontend");
            body.put("environment", "demo");
            body.put("uptime", Math.round((System.nanoTime() - startedAt) / 1e8) / 10.0);
            body.put("dependencies", dependencies);
            body.put("response_time_ms", (System.nanoTime() - start) / 1_000_000);
            ctx.json(body);
        });
        app.start("127.0.0.1", 0);
    }

    int port() {
        return app.port();
    }

    private Map<String, Object> probe(String url) {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? Map.of("status", "healthy")
                    : Map.of("status", "degraded", "error", "HTTP " + response.statusCode());
        } catch (java.net.http.HttpTimeoutException e) {
            return Map.of("status", "degraded", "error", "The operation was aborted due to timeout");
        } catch (java.io.IOException e) {
            return Map.of("status", "degraded", "error", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("status", "degraded", "error", "interrupted");
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
