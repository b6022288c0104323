package dev.greenlight.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The training run of the launcher's class-data archive (AppCDS): a verify that loads what real runs load, the
 * answered path included (an HTTP answer read, a health body parsed, conditions judged, a failure diagnosed, the
 * console and JSON reports written), against servers on loopback. Not a user command: the launcher runs it once per
 * build with {@code -XX:ArchiveClassesAtExit}.
 *
 * <p>Most deployments are checked over https, so TLS 1.3 and 1.2 handshakes are trained too: two with
 * {@code insecure}, one that reads the JVM's trust store and fails its certificate path, and a tls check. Without them
 * a run's first TLS check loads about 800 classes from the JDK's modules (measured: one https check's run 186 ms,
 * 132 ms with them archived; the archive every run maps at start grows from 12 to 18 MB, which costs a run without
 * TLS about 20 ms). The servers' key is made for the run by the JDK's {@code keytool} and deleted once read; where
 * there is no keytool, the TLS part is left out. (Serving TLS from a second JVM, to keep the server's classes out of
 * the archive, was tried: 0.5 MB less.)
 */
public final class CdsTraining {

    private static final String PASSWORD = "training-only";

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        train();
        System.exit(0);
    }

    /** Runs the training verifies; returns the JSON report of the last one. */
    static String train() throws IOException {
        Path dir = Files.createTempDirectory("greenlight-cds");
        List<HttpServer> servers = new ArrayList<>();
        try {
            HttpServer plain = serve(HttpServer.create(loopback(), 0));
            servers.add(plain);
            int port = port(plain);
            StringBuilder plan = new StringBuilder("services:\n"
                    + "  web:\n    url: http://127.0.0.1:" + port + "\n    checks:\n"
                    + "      health: { http: /health, expect: [\"[STATUS] == 200\", \"[BODY].status == UP\", \"[RESPONSE_TIME] < 5s\"] }\n"
                    + "      port: { tcp: \"127.0.0.1:" + port + "\" }\n"
                    + "  down:\n    url: http://127.0.0.1:1\n    checks:\n      health: { http: /health, expect: [\"[STATUS] == 200\"] }\n");
            SSLContext tls = serverContext(dir);
            if (tls != null) {
                HttpServer tls13 = serve(secure(tls, "TLSv1.3"));
                HttpServer tls12 = serve(secure(tls, "TLSv1.2"));
                servers.add(tls13);
                servers.add(tls12);
                plan.append("  secure:\n    url: https://127.0.0.1:").append(port(tls13)).append("\n    checks:\n")
                        .append("      tls13: { http: { path: /health, insecure: true }, expect: [\"[STATUS] == 200\"] }\n")
                        .append("      tls12: { http: { url: \"https://127.0.0.1:").append(port(tls12))
                        .append("/health\", insecure: true }, expect: [\"[STATUS] == 200\"] }\n")
                        .append("      untrusted: { http: /health }\n")
                        .append("      certificate: { tls: \"127.0.0.1:").append(port(tls13)).append("\" }\n");
            }
            Path file = dir.resolve("train.yaml");
            Files.writeString(file, plan);
            Path report = dir.resolve("train.json");
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
            try {
                Main.run("verify", "-c", file.toString());
                Main.run("verify", "-c", file.toString(), "-q", "--format", "json", "-o", report.toString());
            } finally {
                System.setOut(out);
            }
            return Files.readString(report);
        } finally {
            servers.forEach(s -> s.stop(0));
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static HttpServer serve(HttpServer server) {
        server.createContext("/", CdsTraining::answer);
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        byte[] body = "{\"status\": \"UP\", \"components\": {\"db\": {\"status\": \"UP\"}}}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static HttpsServer secure(SSLContext context, String protocol) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setProtocols(new String[] {protocol});
            }
        });
        return server;
    }

    /** A server context with a P-256 key and certificate for 127.0.0.1 made by keytool; null without one. */
    private static SSLContext serverContext(Path dir) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("training.p12");
        try {
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "training", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
                    "-keypass", PASSWORD).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            Files.delete(store);
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
