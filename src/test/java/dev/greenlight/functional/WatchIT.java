package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.store.RunStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged watcher as a service: a real Prometheus (Debian's) scrapes its /metrics and answers a query for
 * its series; its status page shows the verdict; SIGTERM stops it with every run recorded.
 */
class WatchIT {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheWatcherAndSigtermStopsItWithEveryRunRecorded() throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, "environment: staging\nservices: { api: { url: \"%s\", checks: { health: { http: /ok } } } }\n"
                .formatted(server.url("")));
        Path db = dir.resolve("history.db");
        Process watcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("greenlight.jar", "target/greenlight.jar"), "watch", "-c", config.toString(), "--interval", "500ms",
                "--listen", "127.0.0.1:0", "--store", "sqlite:" + db).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        Process prometheus = null;
        try {
            int port = -1;
            Pattern listening = Pattern.compile("status page http://127\\.0\\.0\\.1:(\\d+)/");
            for (int i = 0; i < 150 && port < 0; i++) {
                Thread.sleep(100);
                Matcher m = listening.matcher(Files.readString(dir.resolve("err.txt")));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as(Files.readString(dir.resolve("err.txt"))).isPositive();

            int promPort;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                promPort = free.getLocalPort();
            }
            Path promConfig = dir.resolve("prometheus.yml");
            Files.writeString(promConfig, """
                    global: { scrape_interval: 1s, evaluation_interval: 1s }
                    scrape_configs:
                      - job_name: greenlight
                        static_configs: [ { targets: ["127.0.0.1:%d"] } ]
                    """.formatted(port));
            prometheus = new ProcessBuilder("prometheus", "--config.file=" + promConfig, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile()).start();

            JsonNode result = null;
            String query = "http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode("greenlight_check_up{check=\"api.health\"}", StandardCharsets.UTF_8);
            for (int i = 0; i < 100 && (result == null || result.isEmpty()); i++) {
                Thread.sleep(200);
                try {
                    result = new ObjectMapper().readTree(get(query)).path("data").path("result");
                } catch (java.io.IOException notUpYet) {
                    result = null;
                }
            }
            assertThat(result).as(Files.readString(dir.resolve("prometheus.log"))).isNotNull().isNotEmpty();
            assertThat(result.get(0).get("value").get(1).asText()).isEqualTo("1");
            assertThat(result.get(0).get("metric").get("service").asText()).isEqualTo("api");
            assertThat(get("http://127.0.0.1:" + port + "/")).contains("<h1 id=\"verdict\" class=\"go\">GO</h1>");
            assertThat(get("http://127.0.0.1:" + port + "/metrics")).contains("greenlight_verdict{environment=\"staging\",verdict=\"GO\"} 1.0");

            watcher.destroy(); // SIGTERM
            assertThat(watcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            watcher.destroyForcibly();
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String log = Files.readString(dir.resolve("err.txt"));
        assertThat(log).contains("watch: run 1 GO").contains("watch: stopped");
        long runs = log.lines().filter(l -> l.startsWith("watch: run ")).count();
        try (RunStore store = RunStore.open("sqlite:" + db, false)) {
            List<RunStore.RunRow> recorded = store.runs(Instant.EPOCH);
            assertThat(recorded).as("every run made is recorded, the last one too").hasSize((int) runs);
        }
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
