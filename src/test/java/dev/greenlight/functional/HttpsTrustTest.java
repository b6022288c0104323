package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsServer;
import dev.greenlight.config.ConfigException;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.TrustedCas;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.RunContext;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https and wss checks trust a staging CA from {@code ca_file}, and name a refused certificate as the tls probe does
 * (expired, not valid yet, untrusted, another host's), not as a bare TLS failure.
 */
class HttpsTrustTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static Path ca;
    private static HttpsServer https;

    @BeforeAll
    static void start() throws Exception {
        certs = new TestCertificates();
        ca = certs.caFile(dir);
        https = certs.httpsServer("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        https.stop(0);
    }

    private static CheckResult http(String url, String options) throws Exception {
        return Runs.run("""
                timeout: 3s
                services: { api: { checks: { health: { http: { url: "%s" %s }, expect: ["[STATUS] == 200"] } } } }
                """.formatted(url, options), Map.of()).checks().get(0);
    }

    private static String caFile() {
        return ", ca_file: \"" + ca + "\"";
    }

    private static String at(int port) {
        return "https://127.0.0.1:" + port + "/health";
    }

    private static Instant days(int n) {
        return Instant.now().plus(Duration.ofDays(n));
    }

    @Test
    void aStagingCaFromCaFileIsTrustedWhereTheJvmsStoreIsNot() throws Exception {
        CheckResult trusted = http(at(https.getAddress().getPort()), caFile());
        CheckResult jvmStore = http(at(https.getAddress().getPort()), "");

        assertThat(trusted.status()).as(trusted.detail()).isEqualTo(CheckStatus.PASS);
        assertThat(trusted.observation().certificateExpiry()).isBetween(Duration.ofDays(29), Duration.ofDays(30));
        assertThat(jvmStore.signature()).as(jvmStore.detail()).isEqualTo(FailureSignature.TLS_UNTRUSTED);
    }

    @Test
    void anHttpsCheckShowsWhatItsHandshakeAgreedAndTheCertificateInItsJsonEvidence() throws Exception {
        RunResult run = Runs.run("""
                services: { api: { checks: { health: { http: { url: "%s" %s }, expect: ["[CERTIFICATE_EXPIRATION] > 24h"] } } } }
                """.formatted(at(https.getAddress().getPort()), caFile()), Map.of());
        CheckResult check = run.checks().get(0);

        assertThat(check.status()).as(check.detail()).isEqualTo(CheckStatus.PASS);
        assertThat(check.observation().tls().protocol()).startsWith("TLSv1.");
        assertThat(check.observation().tls().cipher()).startsWith("TLS_");
        assertThat(check.observation().tls().issuer()).isEqualTo("CN=Greenlight Test CA");
        JsonNode evidence = JsonReport.tree(new ReportInput(run, Diagnoser.diagnose(run), Secrets.none(), RunContext.NONE,
                Optional.empty())).at("/phases/0/checks/0/evidence/tls");
        assertThat(evidence.path("version").asText()).isEqualTo(check.observation().tls().protocol());
        assertThat(evidence.path("certificate_subject").asText()).isEqualTo("CN=127.0.0.1");
        assertThat(http("http://127.0.0.1:" + TestServer.closedPort() + "/health", "").observation().tls())
                .as("no TLS, no facts").isNull();
    }

    @Test
    void theDiagnosisOfAnUntrustedCertificateSaysHowToTrustAStagingCa() throws Exception {
        Diagnosis diagnosis = Diagnoser.diagnose(Runs.run("""
                services: { api: { checks: { health: { http: "%s" } } } }
                """.formatted(at(https.getAddress().getPort())), Map.of()));

        assertThat(diagnosis.rootCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.signature()).isEqualTo("TLS_UNTRUSTED");
            assertThat(cause.nextChecks()).anyMatch(step -> step.contains("ca_file"));
        });
    }

    @Test
    void aRefusedCertificateIsNamedForWhyItWasRefused() throws Exception {
        assertThat(http(at(certs.serve("127.0.0.1", days(-30), days(-1), false)), caFile()).signature())
                .isEqualTo(FailureSignature.TLS_EXPIRED);
        assertThat(http(at(certs.serve("127.0.0.1", days(2), days(30), false)), caFile()).signature())
                .isEqualTo(FailureSignature.TLS_NOT_YET_VALID);
        assertThat(http(at(certs.serve("127.0.0.1", days(-1), days(30), true)), caFile()).signature())
                .isEqualTo(FailureSignature.TLS_UNTRUSTED);
        CheckResult otherHost = http(at(certs.serve("other.example", days(-1), days(30), false)), caFile());
        assertThat(otherHost.signature()).as(otherHost.detail()).isEqualTo(FailureSignature.TLS_HOSTNAME_MISMATCH);
        assertThat(otherHost.detail()).startsWith(FailureSignature.TLS_HOSTNAME_MISMATCH.meaning());
    }

    @Test
    void insecureStillAcceptsWhatVerificationRefuses() throws Exception {
        CheckResult expired = http(at(certs.serve("127.0.0.1", days(-30), days(-1), false)), ", insecure: true");

        assertThat(expired.signature()).as("the handshake completes; the listener then closes without an answer")
                .isNotIn(FailureSignature.TLS_EXPIRED, FailureSignature.TLS_FAILURE);
    }

    @Test
    void aWssCheckTrustsItsCaFileAndNamesAnExpiredCertificate() throws Exception {
        SSLServerSocket socket = (SSLServerSocket) certs.serverContext("127.0.0.1").getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        String plan = """
                timeout: 3s
                services: { chat: { checks: { events: { websocket: { url: "wss://127.0.0.1:%d/ws", expect: [hello] %s } } } } }
                """;
        try (RawServer wss = new RawServer(socket, head -> RawServer.concat(RawServer.bytes(RawServer.switching(head)),
                new byte[] {(byte) 0x81, 17}, RawServer.bytes("{\"type\": \"hello\"}")))) {
            CheckResult ok = Runs.run("""
                    timeout: 3s
                    services: { chat: { checks: { events: { websocket: { url: "wss://127.0.0.1:%d/ws", expect: [hello] %s },
                                                            expect: ["[CERTIFICATE_EXPIRATION] > 24h"] } } } }
                    """.formatted(wss.port(), caFile()), Map.of()).checks().get(0);
            CheckResult jvmStore = Runs.run(plan.formatted(wss.port(), ""), Map.of()).checks().get(0);

            assertThat(ok.status()).as(ok.detail()).isEqualTo(CheckStatus.PASS);
            assertThat(ok.observation().tls().issuer()).isEqualTo("CN=Greenlight Test CA");
            assertThat(jvmStore.signature()).as(jvmStore.detail()).isEqualTo(FailureSignature.TLS_UNTRUSTED);
        }
        int expired = certs.serve("127.0.0.1", days(-30), days(-1), false);
        assertThat(Runs.run(plan.formatted(expired, caFile()), Map.of()).checks().get(0).signature())
                .isEqualTo(FailureSignature.TLS_EXPIRED);
    }

    @Test
    void aCertificateRunningOutIsNotedOnceEvenWhenEveryCheckPasses() throws Exception {
        int soon = certs.serve("127.0.0.1", days(-80), days(5), false);
        int later = certs.serve("127.0.0.1", days(-1), days(60), false);
        RunResult run = Runs.run("""
                services:
                  edge:
                    checks:
                      a: { tls: { address: "127.0.0.1:%1$d", ca_file: "%3$s" } }
                      b: { tls: { address: "127.0.0.1:%1$d", ca_file: "%3$s" } }
                      c: { tls: { address: "127.0.0.1:%2$d", ca_file: "%3$s" } }
                """.formatted(soon, later, ca), Map.of());

        assertThat(run.checks()).allSatisfy(c -> assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS));
        assertThat(Diagnoser.diagnose(run).notes()).singleElement().asString()
                .startsWith("edge.a: its server certificate (CN=127.0.0.1) expires in ").contains(" days; renewal is failing");
    }

    @Test
    void aCaFileIsReadOncePerVersionOfIt() throws Exception {
        Path copy = Files.copy(ca, dir.resolve("copy-of-ca.pem"));
        TrustedCas first = TrustedCas.load(copy);

        assertThat(TrustedCas.load(dir.resolve(".").resolve("copy-of-ca.pem")).manager()).isSameAs(first.manager());
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(TrustedCas.load(copy).manager()).as("the file changed: read again").isNotSameAs(first.manager());
    }

    @Test
    void aRelativeCaFileIsReadFromTheConfigFilesDirectoryNotFromWhereGreenlightRuns() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("repo/deploy/certs")).getParent();
        Files.copy(ca, deploy.resolve("certs/staging-ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String plan = """
                services:
                  api:
                    checks:
                      health: { http: { url: "%s", ca_file: %s }, expect: ["[STATUS] == 200"] }
                """;
        Path config = Files.writeString(deploy.resolve("greenlight.yaml"), plan.formatted(at(https.getAddress().getPort()),
                "certs/staging-ca.pem"));
        Path wrong = Files.writeString(deploy.resolve("wrong.yaml"), plan.formatted(at(https.getAddress().getPort()),
                "certs/missing.pem"));

        CheckResult check = Runs.run(planOf(config)).checks().get(0);
        assertThat(check.status()).as(check.detail()).isEqualTo(CheckStatus.PASS);
        assertThatThrownBy(() -> planOf(wrong))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("wrong.yaml:4:")
                .hasMessageContaining(deploy.resolve("certs/missing.pem") + " does not exist");
    }

    private static dev.greenlight.plan.Plan planOf(Path config) throws ConfigException {
        return new PlanBuilder(new HttpTransport()).build(new ConfigLoader(Map.<String, String>of()::get).load(config));
    }

    @Test
    void aCaFileThatCannotBeUsedIsAConfigurationErrorAtItsPlace() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "hello\n");
        String plan = """
                services:
                  api:
                    checks:
                      health: { http: { url: "https://127.0.0.1:1/", %s } }
                """;

        assertThatThrownBy(() -> Runs.plan(plan.formatted("ca_file: \"" + dir.resolve("missing.pem") + "\""), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("4:").hasMessageContaining("missing.pem does not exist");
        assertThatThrownBy(() -> Runs.plan(plan.formatted("ca_file: \"" + notPem + "\""), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("holds no PEM certificate");
        assertThatThrownBy(() -> Runs.plan(plan.formatted("insecure: true, ca_file: \"" + ca + "\""), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("both 'insecure: true' and 'ca_file'");
    }
}
