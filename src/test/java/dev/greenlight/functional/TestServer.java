package dev.greenlight.functional;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real servers on loopback, port 0, for functional tests: an HTTP server with one route per
 * behaviour, a listener that accepts and never answers, one that resets, and a closed port.
 */
public final class TestServer implements AutoCloseable, org.junit.jupiter.api.extension.AfterAllCallback {

    private final HttpServer http;
    private final List<AutoCloseable> extras = new ArrayList<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final long startedAt = System.nanoTime();
    private final Map<String, Long> firstHit = new ConcurrentHashMap<>();

    /**
     * One server for a whole test class, closed after it:
     * {@code @RegisterExtension static final TestServer server = TestServer.forTheClass();}
     */
    static TestServer forTheClass() {
        try {
            return new TestServer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
        close();
    }

    private volatile String deployed = "1.0.0";

    /** The release {@code /deployed} says it runs from now on (healthy, 200). */
    void deploy(String version) {
        deployed = version;
    }

    public TestServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        route("/ok", ex -> send(ex, 200, "{\"status\": \"healthy\", \"service\": \"test\"}"));
        route("/unavailable", ex -> send(ex, 503, "{\"status\": \"unhealthy\", \"startup_phase\": \"DATABASE\"}"));
        route("/unavailable-release", ex -> send(ex, 503, "{\"status\": \"unhealthy\", \"version\": \"1.4.2\"}"));
        route("/ok-release", ex -> send(ex, 200, "{\"status\": \"ok\", \"version\": \"1.4.1\"}"));
        route("/deployed", ex -> send(ex, 200, "{\"status\": \"ok\", \"version\": \"" + deployed + "\"}"));
        route("/says-down", ex -> send(ex, 200, "{\"status\": \"DOWN\", \"components\": {\"db\": {\"status\": \"DOWN\"}}}"));
        route("/degraded", ex -> send(ex, 200, "{\"status\": \"degraded\", \"dependencies\": {\"cache\": {\"status\": \"warn\"}}}"));
        route("/slow", ex -> {
            sleep(queryInt(ex, "ms", 3000));
            send(ex, 200, "{\"status\": \"healthy\"}");
        });
        route("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            send(ex, 302, "");
        });
        route("/redirect-once", ex -> {
            ex.getResponseHeaders().add("Location", "/ok");
            send(ex, 301, "");
        });
        route("/huge", ex -> {
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 32; i++) {
                    out.write(chunk);
                }
            } catch (IOException closedByClient) {
                // the probe stops reading at its cap
            }
        });
        route("/chunked", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0); // length 0: the JDK server sends the body chunked
            try (OutputStream out = ex.getResponseBody()) {
                for (String part : new String[] {"{\"status\": ", "\"healthy\", ", "\"parts\": 3}"}) {
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        route("/echo", ex -> send(ex, 200, "{\"method\": \"" + ex.getRequestMethod() + "\", \"body\": "
                + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + ", \"x_probe\": \""
                + ex.getRequestHeaders().getFirst("X-Probe") + "\"}"));
        route("/temporary", ex -> {
            ex.getResponseHeaders().add("Location", "/echo");
            send(ex, 307, "");
        });
        route("/token", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!form.contains("client_secret=right-secret") && !form.contains("password=right-password")) {
                send(ex, 401, "{\"error\": \"invalid_client\"}");
                return;
            }
            int n = hits("/token");
            String expiresIn = form.contains("scope=short") ? "5" : "3600";
            send(ex, 200, "{\"access_token\": \"issued-token-" + n + "-9f8e7d\", \"token_type\": \"Bearer\","
                    + " \"expires_in\": " + expiresIn + "}");
        });
        route("/needs-token", ex -> {
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            boolean ok = auth.startsWith("Bearer issued-token-") || auth.equals("Bearer static-token-1a2b");
            send(ex, ok ? 200 : 401, "{\"seen\": \"" + auth + "\"}");
        });
        route("/cors-good", ex -> {
            ex.getResponseHeaders().add("Access-Control-Allow-Origin", "https://app.example.com");
            ex.getResponseHeaders().add("Access-Control-Allow-Methods", "GET, POST, PUT");
            ex.getResponseHeaders().add("Access-Control-Allow-Headers", "authorization, content-type");
            ex.getResponseHeaders().add("Access-Control-Allow-Credentials", "true");
            send(ex, 204, "");
        });
        route("/cors-bad", ex -> {
            ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            ex.getResponseHeaders().add("Access-Control-Allow-Methods", "GET");
            send(ex, 204, "");
        });
        route("/flaky", ex -> {
            int n = hits.computeIfAbsent("/flaky", k -> new AtomicInteger()).get();
            send(ex, n <= queryInt(ex, "fail", 2) ? 503 : 200, "{}");
        });
        route("/ready-after", ex -> {
            long elapsedMs = (System.nanoTime() - startedAt) / 1_000_000;
            send(ex, elapsedMs >= queryInt(ex, "ms", 1500) ? 200 : 503, "{\"elapsed_ms\": " + elapsedMs + "}");
        });
        route("/echo-auth", ex -> send(ex, 503, "{\"status\": \"unhealthy\", \"you_sent\": \""
                + ex.getRequestHeaders().getFirst("Authorization") + "\"}"));
        route("/db-refuses-credentials", ex -> send(ex, 503, "{\"status\": \"DOWN\", \"components\": {\"db\": {\"status\": "
                + "\"DOWN\", \"details\": {\"error\": \"FATAL: password authentication failed for user app\"}}}}"));
        route("/status", ex -> send(ex, queryInt(ex, "code", 200), "<html><body><h1>" + queryInt(ex, "code", 200)
                + " Bad Gateway</h1><hr><center>nginx</center></body></html>"));
        route("/starting", ex -> send(ex, 200, "{\"status\": \"UP\", \"startup_complete\": false, \"startup_phase\": \"DATABASE\"}"));
        route("/away", ex -> {
            ex.getResponseHeaders().add("Location", ex.getRequestURI().getQuery().replaceFirst("^to=", ""));
            send(ex, 302, "");
        });
        route("/headers", ex -> send(ex, 200, "{\"authorization\": \"" + ex.getRequestHeaders().getFirst("Authorization")
                + "\", \"cookie\": \"" + ex.getRequestHeaders().getFirst("Cookie") + "\", \"api_key\": \""
                + ex.getRequestHeaders().getFirst("X-Api-Key") + "\", \"trace\": \"" + ex.getRequestHeaders().getFirst("X-Trace")
                + "\"}"));
        route("/alternating", ex -> send(ex, hits("/alternating") % 2 == 1 ? 200 : 503, "{}"));
        route("/up-then-down", ex -> {
            long first = firstHit.computeIfAbsent("/up-then-down", k -> System.nanoTime());
            boolean up = (System.nanoTime() - first) / 1_000_000 < queryInt(ex, "ms", 2000);
            send(ex, up ? 200 : 503, up ? "{\"status\": \"UP\"}" : "{\"status\": \"DOWN\"}");
        });
        route("/echo-secret", ex -> {
            String sent = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            send(ex, 500, "{\"error\": \"bad token\", \"json_escaped\": \"" + asciiJson(sent) + "\", \"url_encoded\": \""
                    + java.net.URLEncoder.encode(sent, StandardCharsets.UTF_8) + "\"}");
        });
        route("/echo-raw", ex -> send(ex, 500, "rejected: " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        route("/held", ex -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            sleep(200);
            inFlight.decrementAndGet();
            send(ex, 200, "{}");
        });
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** A port with a listener that accepts connections and never writes a byte. */
    public int silentPort() throws IOException {
        ServerSocket server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }, "test-silent");
        acceptor.setDaemon(true);
        acceptor.start();
        extras.add(() -> {
            server.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        });
        return server.getLocalPort();
    }

    /** A port with a listener that reads the request, then resets the connection (RST). */
    public int resettingPort() throws IOException {
        return rawPort(s -> {
            s.setSoLinger(true, 0);
            s.close();
        });
    }

    /** A port with a listener that reads what comes, then closes without a byte: a TCP proxy with no server behind it. */
    public int closingPort() throws IOException {
        return rawPort(Socket::close);
    }

    /** A port with a listener that closes each connection at once, before a byte either way (a proxy with no backend). */
    public int droppingPort() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    server.accept().close();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "test-dropping");
        acceptor.setDaemon(true);
        acceptor.start();
        extras.add(server);
        return server.getLocalPort();
    }

    /** A port with a listener that answers anything, even a TLS hello, with a plain-text HTTP 400. */
    public int plainTextPort() throws IOException {
        return rawPort(s -> {
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.close();
        });
    }

    private interface SocketAction {
        void apply(Socket socket) throws IOException;
    }

    private int rawPort(SocketAction afterRead) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.getInputStream().read(new byte[1024]);
                    afterRead.apply(s);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "test-raw");
        acceptor.setDaemon(true);
        acceptor.start();
        extras.add(server);
        return server.getLocalPort();
    }

    /** A port that was just bound and released: nothing listens there. */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        http.stop(0);
        for (AutoCloseable extra : extras) {
            extra.close();
        }
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void route(String path, Handler handler) {
        http.createContext(path, ex -> {
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            try {
                handler.handle(ex);
            } finally {
                ex.close();
            }
        });
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A string as a JSON writer with ASCII-only output writes it (Python's json.dumps default). */
    private static String asciiJson(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int queryInt(HttpExchange ex, String name, int fallback) {
        String query = ex.getRequestURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return Integer.parseInt(kv[1]);
                }
            }
        }
        return fallback;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
