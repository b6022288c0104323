package dev.greenlight.demo;

import io.javalin.Javalin;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat backend: starts in seven phases, really connecting to the database (through the relay) and
 * the cache; /health answers 503 until FINALIZE and tells the phase, emergency mode and each
 * dependency; /ws streams the agent's five events per user message, for a valid token.
 */
final class Backend implements AutoCloseable {

    static final List<String> PHASES = List.of("INIT", "DEPENDENCIES", "DATABASE", "CACHE", "SERVICES", "WEBSOCKET", "FINALIZE");
    static final List<String> EVENTS = List.of("agent_started", "agent_thinking", "tool_executing", "tool_completed",
            "agent_completed");

    private final Scenario scenario;
    private final int databasePort;
    private final int cachePort;
    private final DemoTokens tokens;
    private final long startedAt = System.nanoTime();
    private final Javalin app;
    private final Thread startup;
    private volatile String phase = "INIT";
    private volatile boolean complete;
    private volatile Connection database;
    private volatile String databaseError;
    private volatile String cacheStatus = "unknown";

    Backend(Scenario scenario, int databasePort, int cachePort, DemoTokens tokens) {
        this.scenario = scenario;
        this.databasePort = databasePort;
        this.cachePort = cachePort;
        this.tokens = tokens;
        app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health", ctx -> {
            Map<String, Object> body = health();
            ctx.status(complete ? 200 : 503).json(body);
        });
        app.wsBeforeUpgrade("/ws", ctx -> {
            if (!complete) {
                throw new ServiceUnavailableResponse("backend is starting (phase " + phase + ")");
            }
            String auth = ctx.header("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !tokens.valid(auth.substring(7))) {
                throw new UnauthorizedResponse("a valid bearer token is required");
            }
        });
        app.ws("/ws", ws -> ws.onMessage(ctx -> {
            List<String> events = scenario == Scenario.MISSING_AGENT_EVENT ? EVENTS.subList(0, 3) : EVENTS;
            for (String event : events) {
                Thread.sleep(120);
                ctx.send("{\"type\": \"" + event + "\"}");
            }
        }));
        app.start("127.0.0.1", 0);
        startup = new Thread(this::start, "demo-backend-startup");
        startup.setDaemon(true);
        startup.start();
    }

    int port() {
        return app.port();
    }

    private boolean emergency() {
        return scenario == Scenario.EMERGENCY_BYPASS; // EMERGENCY_ALLOW_NO_DATABASE=true in this scenario
    }

    private void start() {
        long phaseMillis = scenario == Scenario.SLOW_START ? 1150 : 30;
        try {
            for (String next : PHASES) {
                phase = next;
                Thread.sleep(phaseMillis);
                switch (next) {
                    case "DATABASE" -> {
                        if (emergency()) {
                            databaseError = "skipped: EMERGENCY_ALLOW_NO_DATABASE=true";
                        } else {
                            database = connect(); // blocks for as long as the path to the database is broken
                        }
                    }
                    case "CACHE" -> {
                        cacheStatus = ping(cachePort) ? "pass" : "fail";
                        if (emergency()) {
                            return; // the emergency fix's early return: SERVICES, WEBSOCKET, FINALIZE never run
                        }
                    }
                    default -> { }
                }
            }
            complete = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            databaseError = e.getMessage();
        }
    }

    private Connection connect() throws SQLException {
        return Database.connect(databasePort);
    }

    private Map<String, Object> health() {
        Map<String, Object> dependencies = new LinkedHashMap<>();
        dependencies.put("database", databaseHealth());
        dependencies.put("cache", Map.of("status", cacheStatus));
        boolean degraded = dependencies.values().stream().anyMatch(d -> !"pass".equals(((Map<?, ?>) d).get("status")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !complete ? (emergency() ? "unhealthy" : "starting") : degraded ? "degraded" : "healthy");
        body.put("service", "backend");
        body.put("startup_phase", complete ? "FINALIZE" : phase);
        body.put("startup_complete", complete);
        body.put("emergency_mode", emergency());
        body.put("uptime", Math.round((System.nanoTime() - startedAt) / 1e7) / 100.0);
        body.put("dependencies", dependencies);
        return body;
    }

    private Map<String, Object> databaseHealth() {
        Connection connection = database;
        if (connection == null) {
            String error = databaseError != null ? databaseError : "phase DATABASE: no answer from the database after "
                    + Math.round((System.nanoTime() - startedAt) / 1e9) + " s";
            return Map.of("status", "fail", "error", error);
        }
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            statement.execute("SELECT 1");
            long ms = (System.nanoTime() - start) / 1_000_000;
            return Map.of("status", ms > 250 ? "warn" : "pass", "latency_ms", ms);
        } catch (SQLException e) {
            return Map.of("status", "fail", "error", String.valueOf(e.getMessage()));
        }
    }

    static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[5];
            return in.read(answer) == 5 && new String(answer, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        startup.interrupt();
        try {
            if (database != null) {
                database.close();
            }
        } catch (SQLException ignored) {
            // shutting down
        }
        app.stop();
    }
}
