package dev.greenlight.demo;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The auth service: issues signed JWTs for client credentials at /token, /health (the process is up)
 * and /ready (its database answers, through the same relay as the backend's), each naming the release it runs.
 */
final class Auth implements AutoCloseable {

    static final String CLIENT_ID = "greenlight-e2e";
    static final String CLIENT_SECRET = "demo-client-secret-8c41";

    private final Javalin app;
    private final int databasePort;

    /** @param version the release this process runs, which its answers name ({@code "version"}) */
    Auth(int listenPort, int databasePort, DemoTokens tokens, String version) {
        this.databasePort = databasePort;
        app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health", ctx -> ctx.json(Map.of("status", "healthy", "service", "auth", "version", version)));
        app.get("/ready", ctx -> {
            String problem = databaseProblem();
            ctx.status(problem == null ? 200 : 503).json(problem == null ? Map.of("status", "ready", "version", version)
                    : Map.of("status", "not ready", "version", version,
                            "dependencies", Map.of("database", Map.of("status", "fail", "error", problem))));
        });
        app.post("/token", ctx -> {
            boolean ok = "client_credentials".equals(ctx.formParam("grant_type")) && CLIENT_ID.equals(ctx.formParam("client_id"))
                    && CLIENT_SECRET.equals(ctx.formParam("client_secret"));
            if (!ok) {
                ctx.status(401).json(Map.of("error", "invalid_client"));
                return;
            }
            ctx.json(Map.of("access_token", tokens.issue(CLIENT_ID, 3600), "token_type", "Bearer", "expires_in", 3600));
        });
        app.start("127.0.0.1", listenPort);
    }

    int port() {
        return app.port();
    }

    /** Null when the database answers within 1 s through auth's own path to it. */
    private String databaseProblem() {
        java.util.concurrent.CompletableFuture<String> check = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (Connection c = Database.connect(databasePort)) {
                return null;
            } catch (SQLException e) {
                return "database: " + e.getMessage();
            }
        });
        try {
            return check.get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            check.cancel(true);
            return "database: no answer within 1 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.util.concurrent.ExecutionException e) {
            return "database: " + e.getCause();
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
