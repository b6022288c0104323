package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** verify --store records CI gate runs; greenlight history reads them; a store that cannot be used is said at once. */
class HistoryIT {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    @TempDir
    Path dir;

    private Path plan(String path) throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, "services: { api: { url: \"%s\", checks: { health: { http: \"%s\" } } } }".formatted(server.url(""), path));
        return config;
    }

    @Test
    void gateRunsRecordedWithStoreAreReadByHistory() throws Exception {
        String store = "sqlite:" + dir.resolve("greenlight.db");

        Cli.Result up = Cli.run(Map.of(), "verify", "-c", plan("/ok").toString(), "-q", "--store", store);
        Cli.Result down = Cli.run(Map.of(), "verify", "-c", plan("/unavailable").toString(), "-q", "--store", store);
        Cli.Result text = Cli.run(Map.of(), "history", "--store", store);
        Cli.Result json = Cli.run(Map.of(), "history", "--store", store, "--format", "json", "--service", "api");

        assertThat(up.exitCode()).isZero();
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).startsWith("2 runs in the last 24h").contains("api").contains("uptime  50.00% of 2 runs")
                .contains("DOWN since ");
        JsonNode api = new ObjectMapper().readTree(json.stdout()).get("services").get("api");
        assertThat(api.get("up").asInt()).isEqualTo(1);
        assertThat(api.get("uptime").asDouble()).isEqualTo(0.5);
        assertThat(api.has("down_since")).isTrue();
    }

    @Test
    void aStoreThatCannotBeUsedExitsSeventyFourBeforeAnyProbeAndHistoryDoesNotCreateOne() throws Exception {
        int before = server.hits("/ok");

        Cli.Result verify = Cli.run(Map.of(), "verify", "-c", plan("/ok").toString(), "--store", "sqlite:/no/such/dir/g.db");
        Cli.Result history = Cli.run(Map.of(), "history", "--store", "sqlite:" + dir.resolve("none.db"));

        assertThat(verify.exitCode()).isEqualTo(74);
        assertThat(verify.stderr()).contains("--store sqlite:/no/such/dir/g.db: the directory /no/such/dir does not exist");
        assertThat(server.hits("/ok")).isEqualTo(before);
        assertThat(history.exitCode()).isEqualTo(74);
        assertThat(history.stderr()).contains("no history there yet; record runs with verify --store");
        assertThat(dir.resolve("none.db")).doesNotExist();
    }

    @Test
    void historyOfOneLocationAndABadLocationName() throws Exception {
        Path db = dir.resolve("places.db");
        try (dev.greenlight.store.RunStore store = dev.greenlight.store.RunStore.open("sqlite:" + db, true)) {
            Cli.Result run = Cli.run(Map.of(), "verify", "-c", plan("/ok").toString(), "-q", "--format", "json");
            dev.greenlight.report.SavedReport report = dev.greenlight.report.SavedReport.read(writeReport(run.stdout()));
            store.record(report, 10, 5, 0, "abc", "eu-west");
            store.record(report, 10, 5, 0, "abc", "us-east");
            store.record(report, 10, 5, 0, "abc", "us-east");
        }

        Cli.Result all = Cli.run(Map.of(), "history", "--store", "sqlite:" + db);
        Cli.Result eu = Cli.run(Map.of(), "history", "--store", "sqlite:" + db, "--location", "eu-west", "--format", "json");
        Cli.Result bad = Cli.run(Map.of(), "history", "--store", "sqlite:" + db, "--location", "eu west");

        assertThat(all.exitCode()).isZero();
        assertThat(all.stdout()).startsWith("3 runs in the last 24h").contains("made from: eu-west 1 run, us-east 2 runs");
        JsonNode json = new ObjectMapper().readTree(eu.stdout());
        assertThat(json.get("runs").asInt()).isEqualTo(1);
        assertThat(json.get("location").asText()).isEqualTo("eu-west");
        assertThat(json.get("services").get("api").get("runs").asInt()).isEqualTo(1);
        assertThat(bad.exitCode()).isEqualTo(64);
        assertThat(bad.stderr()).contains("--location 'eu west': expected a name of letters, digits");
    }

    private Path writeReport(String json) throws Exception {
        Path report = dir.resolve("run.json");
        Files.writeString(report, json);
        return report;
    }
}
