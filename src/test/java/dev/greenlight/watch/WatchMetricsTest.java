package dev.greenlight.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What the watcher's /metrics says of the watcher itself, scraped over loopback as Prometheus does. */
class WatchMetricsTest {

    private static String scrape(WatchMetrics metrics) throws Exception {
        try (HTTPServer server = HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(0)
                .registry(metrics.registry()).buildAndStart()) {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void theWatcherSaysWhereItRunsFromAndItsNameInAFleetOnce() throws Exception {
        WatchMetrics metrics = new WatchMetrics();
        metrics.watcher("us-east", null);
        metrics.watcher("eu-west", "host-a:42"); // said again: the earlier labels go

        String text = scrape(metrics);

        assertThat(text).contains("greenlight_watcher_info{fleet_member=\"host-a:42\",location=\"eu-west\"} 1");
        assertThat(text).doesNotContain("us-east");
    }

    @Test
    void eachServicesVersionIsItsLastRunsOnly() throws Exception {
        WatchMetrics metrics = new WatchMetrics();
        metrics.update(goRun(), said("1.4.1"));
        metrics.update(goRun(), said("1.4.2"));

        String text = scrape(metrics);

        assertThat(text).contains("greenlight_service_version_info{service=\"api\",version=\"1.4.2\"} 1")
                .doesNotContain("version=\"1.4.1\"");
    }

    private static dev.greenlight.plan.RunResult goRun() {
        return new dev.greenlight.plan.RunResult("staging", dev.greenlight.plan.Verdict.GO, 0, java.util.List.of(),
                java.time.Instant.now(), java.time.Duration.ZERO, java.time.Duration.ZERO, java.util.List.of(),
                java.util.Optional.empty(), java.util.Map.of());
    }

    private static dev.greenlight.diagnose.Diagnosis said(String apiVersion) {
        return new dev.greenlight.diagnose.Diagnosis(java.util.List.of(), java.util.List.of(), java.util.Map.of(), java.util.List.of(),
                java.util.List.of(), java.util.Map.of("api", new dev.greenlight.diagnose.Diagnosis.Version(apiVersion, "body 'version'",
                null, false)));
    }

    @Test
    void aWatcherThatSaysNeitherIsStillThere() throws Exception {
        WatchMetrics metrics = new WatchMetrics();
        metrics.watcher(null, null);

        assertThat(scrape(metrics)).contains("greenlight_watcher_info{fleet_member=\"\",location=\"\"} 1");
    }
}
