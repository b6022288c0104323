package dev.greenlight.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The staging of BACKGROUND.md on loopback, with one scenario's fault made real: a database engine
 * behind a relay (the VPC connector), a cache, the backend with its WebSocket, auth and the frontend.
 * Closing it stops every server and frees every port.
 */
public final class DemoStack implements AutoCloseable {

    private final Scenario scenario;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final int databasePort;
    private final int cachePort;
    private final int backendPort;
    private final int authPort;
    private final int frontendPort;

    private DemoStack(Scenario scenario) throws Exception {
        this.scenario = scenario;
        try {
            Database database = add(new Database());
            Relay.Mode path = scenario == Scenario.DB_UNREACHABLE || scenario == Scenario.EMERGENCY_BYPASS
                    ? Relay.Mode.BLACKHOLE : Relay.Mode.FORWARD;
            Relay relay = add(new Relay(database.nativePort(), path, 150));
            Relay authRelay = add(new Relay(database.nativePort(), path, 0));
            Relay probeRelay = add(new Relay(database.port(), path, 0)); // Greenlight's view: the PostgreSQL protocol
            databasePort = probeRelay.port();
            cachePort = scenario == Scenario.CACHE_DOWN ? closedPort() : add(new RespServer()).port();
            DemoTokens tokens = new DemoTokens();
            Backend backend = add(new Backend(scenario, relay.port(), cachePort, tokens));
            backendPort = backend.port();
            // the old revision: the new one never became ready, so the platform still sends auth's traffic to the previous
            int authListens = add(new Auth(0, authRelay.port(), tokens,
                    scenario == Scenario.AUTH_OLD_REVISION ? Scenario.PREVIOUS : Scenario.DEPLOYED)).port();
            // the drift: the service entry (and everything that calls auth) uses a port where nothing listens
            authPort = scenario == Scenario.AUTH_PORT_DRIFT ? closedPort() : authListens;
            frontendPort = add(new Frontend("http://127.0.0.1:" + backendPort + "/health",
                    "http://127.0.0.1:" + authPort + "/health")).port();
            if (scenario != Scenario.SLOW_START) {
                awaitStartup(); // the deploy is done when the process has started or is stuck: then verify begins
            }
            if (scenario == Scenario.SLOW_DATABASE) {
                relay.mode(Relay.Mode.DELAY); // the path degrades once the backend is up
            }
            addresses.put("postgres (through the relay)", "127.0.0.1:" + databasePort);
            addresses.put("redis", "127.0.0.1:" + cachePort);
            addresses.put("backend", "http://127.0.0.1:" + backendPort);
            addresses.put("websocket", "ws://127.0.0.1:" + backendPort + "/ws");
            addresses.put("auth (configured)", "http://127.0.0.1:" + authPort);
            if (authPort != authListens) {
                addresses.put("auth (really listening)", "http://127.0.0.1:" + authListens);
            }
            addresses.put("frontend", "http://127.0.0.1:" + frontendPort);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    public static DemoStack start(Scenario scenario) throws Exception {
        return new DemoStack(scenario);
    }

    public Scenario scenario() {
        return scenario;
    }

    public Map<String, String> addresses() {
        return Collections.unmodifiableMap(addresses);
    }

    /** The plan the demo verifies with: the services and phases of BACKGROUND.md at this stack's ports. */
    public String plan() {
        return DemoPlan.yaml(databasePort, cachePort, backendPort, authPort, frontendPort);
    }

    /** Waits up to 1.5 s for the backend to be ready; a backend that is stuck stays stuck. */
    private void awaitStartup() throws InterruptedException {
        long until = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < until && !ready()) {
            Thread.sleep(50);
        }
    }

    private boolean ready() {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + backendPort + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <T extends AutoCloseable> T add(T part) {
        parts.add(part);
        return part;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
        parts.clear();
    }
}
