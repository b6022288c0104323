package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blue/green DNS flip during a run is seen by the next probe: Greenlight asks the resolver every time instead of
 * trusting the JVM's cache (30 s for answers). The resolver here is a hosts file the test rewrites mid-run.
 */
class DnsFlipIT {

    @TempDir
    Path dir;

    @Test
    void aNameThatMovesDuringTheRunIsFollowedByTheNextSample() throws Exception {
        try (TestServer server = new TestServer()) {
            int port = Integer.parseInt(server.url("").replaceAll(".*:(\\d+)/?$", "$1"));
            Path hosts = dir.resolve("hosts");
            Files.writeString(hosts, "127.0.0.1 flip.greenlight.test\n");
            Path config = dir.resolve("greenlight.yaml");
            Files.writeString(config, """
                    services:
                      api: { checks: { health: { http: "http://flip.greenlight.test:%d/ok", samples: 8, interval: 400ms } } }
                    """.formatted(port));
            Path json = dir.resolve("run.json");

            CompletableFuture<Void> flip = CompletableFuture.runAsync(() -> {
                try {
                    while (server.hits("/ok") < 2) {
                        Thread.sleep(20);
                    }
                    // green moves to 127.0.0.2, where nothing listens on this port
                    Files.writeString(hosts, "127.0.0.2 flip.greenlight.test\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Cli.Result r = Cli.run(hosts, Map.of(), "verify", "-c", config.toString(), "-q", "--format", "json", "-o", json.toString());
            flip.get();

            JsonNode check = new ObjectMapper().readTree(json.toFile()).get("phases").get(0).get("checks").get(0);
            assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
            assertThat(check.get("samples").get("passed").asInt()).isBetween(2, 7);
            assertThat(check.get("signature").asText()).isEqualTo("CONNECTION_REFUSED");
            assertThat(check.get("detail").asText()).contains("flip.greenlight.test");
        }
    }
}
