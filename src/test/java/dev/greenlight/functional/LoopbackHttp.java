package dev.greenlight.functional;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A test's own small HTTP server on loopback (port 0), and its answers: what a service, a proxy or a frontend says. */
final class LoopbackHttp {

    private LoopbackHttp() {
    }

    /** Not started yet: the test adds its contexts first. */
    static HttpServer server() throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    }

    /** Answers {@code status} with {@code body} (none when empty) of {@code contentType}, and closes the exchange. */
    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    /** The one check of a plan that asks for {@code /} of a server answering {@code page} (JSON or HTML) with 200. */
    static dev.greenlight.plan.CheckResult pageCheck(String page) throws Exception {
        HttpServer server = server();
        server.createContext("/", ex -> send(ex, 200, page.startsWith("{") ? "application/json" : "text/html", page));
        server.start();
        try {
            return Runs.run("""
                    services:
                      web: { url: "http://127.0.0.1:%d", checks: { home: { http: / } } }
                    """.formatted(server.getAddress().getPort())).checks().get(0);
        } finally {
            server.stop(0);
        }
    }
}
