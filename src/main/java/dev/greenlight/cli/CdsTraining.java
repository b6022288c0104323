package dev.greenlight.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the launcher's class-data archive (AppCDS): a verify that loads what real runs load, the
 * answered path included (an HTTP answer read, a health body parsed, conditions judged, a failure diagnosed, the
 * console and JSON reports written), against a server it starts itself on loopback. Not a user command: the
 * launcher runs it once per build with {@code -XX:ArchiveClassesAtExit}.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"status\": \"UP\", \"components\": {\"db\": {\"status\": \"UP\"}}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path dir = Files.createTempDirectory("greenlight-cds");
        try {
            int port = server.getAddress().getPort();
            Path plan = dir.resolve("train.yaml");
            Files.writeString(plan, "services:\n"
                    + "  web:\n    url: http://127.0.0.1:" + port + "\n    checks:\n"
                    + "      health: { http: /health, expect: [\"[STATUS] == 200\", \"[BODY].status == UP\", \"[RESPONSE_TIME] < 5s\"] }\n"
                    + "      port: { tcp: \"127.0.0.1:" + port + "\" }\n"
                    + "  down:\n    url: http://127.0.0.1:1\n    checks:\n      health: { http: /health, expect: [\"[STATUS] == 200\"] }\n");
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
            try {
                Main.run("verify", "-c", plan.toString());
                Main.run("verify", "-c", plan.toString(), "-q", "--format", "json", "-o", dir.resolve("train.json").toString());
            } finally {
                System.setOut(out);
            }
        } finally {
            server.stop(0);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.exit(0);
    }
}
