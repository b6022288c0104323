package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar built for Java 17 on the newest JDK of the machine (21 or later: probes on virtual threads): the verdicts,
 * the concurrency bound and a refused port come out as on 17. CI machines have Temurin's JDK beside the default one
 * (.ci/run says which it found); without one this test fails rather than pass unrun.
 */
class NewerJdkIT {

    @RegisterExtension
    static final TestServer server = TestServer.forTheClass();

    @TempDir
    Path dir;

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    /** The java of the newest JDK 21+ under /usr/lib/jvm. */
    static Optional<Path> newerJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> feature(home) >= 21 && Files.isExecutable(home.resolve("bin/java")))
                    .max(Comparator.comparingInt(NewerJdkIT::feature)).map(home -> home.resolve("bin/java"));
        }
    }

    private static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private Cli.Result verify(Path java, String yaml) throws Exception {
        Path config = dir.resolve("greenlight.yaml");
        Files.writeString(config, yaml);
        return Cli.runOn(java, Path.of("src/test/resources/hosts"), Map.of(), "verify", "-c", config.toString(), "-q",
                "--format", "json");
    }

    @Test
    void verdictsAndTheConcurrencyBoundHoldOnANewerJdk() throws Exception {
        Optional<Path> java = newerJava();
        assertThat(java).as("a JDK 21+ under /usr/lib/jvm (the virtual-thread path is tested on it)").isPresent();
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            checks.append("      c").append(i).append(": { http: /held }\n");
        }

        Cli.Result go = verify(java.get(), """
                concurrency: 3
                services:
                  api:
                    url: %s
                    checks:
                %s""".formatted(server.url(""), checks));
        Cli.Result noGo = verify(java.get(), """
                services:
                  api: { url: "%s", checks: { health: { http: /ok } } }
                  db: { checks: { port: { tcp: "127.0.0.1:%d" } } }
                """.formatted(server.url(""), TestServer.closedPort()));

        assertThat(go.exitCode()).as(go.stderr()).isZero();
        assertThat(new ObjectMapper().readTree(go.stdout()).get("verdict").asText()).isEqualTo("GO");
        assertThat(server.maxInFlight()).isEqualTo(3); // 12 checks held 200 ms each, never more than 3 at once
        assertThat(noGo.exitCode()).as(noGo.stderr()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(noGo.stdout());
        assertThat(report.get("verdict").asText()).isEqualTo("NO-GO");
        assertThat(noGo.stdout()).contains("CONNECTION_REFUSED");
    }
}
