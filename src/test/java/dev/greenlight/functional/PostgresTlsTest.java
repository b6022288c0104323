package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A postgres check's login over TLS, against a real PostgreSQL that takes TLS connections only (hostssl, as managed
 * PostgreSQL with forced SSL does), with a certificate the test CA signs, and a user that logs in with a client
 * certificate alone (pg_hba {@code cert}, as Cloud SQL's and many internal databases' are).
 */
class PostgresTlsTest {

    @TempDir
    static Path dir;
    private static Path ca;
    private static Path[] client;
    private static RealServers.Postgres postgres;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates certificates = new TestCertificates();
        ca = certificates.caFile(dir);
        client = certificates.clientPem(dir, RealServers.Postgres.CERT_USER);
        postgres = new RealServers.Postgres(certificates.serverPem(dir, "127.0.0.1"), ca);
        try (java.sql.Connection c = postgres.jdbc("app"); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE USER " + RealServers.Postgres.CERT_USER);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static CheckResult check(String host, String user, String more) throws Exception {
        return check(host, user, more, "");
    }

    private static CheckResult check(String host, String user, String more, String expect) throws Exception {
        return Runs.oneProbe("postgres: { address: \"" + host + ":" + postgres.port + "\", database: app, user: " + user
                + ", password: \"${DB_PASSWORD}\"" + more + " }" + expect, Map.of("DB_PASSWORD", RealServers.Postgres.PASSWORD))
                .checks().get(0);
    }

    @Test
    void theServersCertificateIsEvidenceAndItsTimeLeftACondition() throws Exception {
        String tls = ", tls: true, ca_file: " + ca;
        CheckResult lasting = check("127.0.0.1", "greenlight", tls, ", expect: [\"[CERTIFICATE_EXPIRATION] > 24h\"]");
        CheckResult runningOut = check("127.0.0.1", "greenlight", tls, ", expect: [\"[CERTIFICATE_EXPIRATION] > 2000h\"]");

        assertThat(lasting.passed()).as(lasting.detail()).isTrue();
        assertThat(lasting.observation().tls().subject()).isEqualTo("CN=127.0.0.1"); // the test CA's 30-day certificate
        assertThat(lasting.observation().certificateExpiry()).isBetween(java.time.Duration.ofDays(29), java.time.Duration.ofDays(30));
        assertThat(runningOut.passed()).isFalse();
        assertThat(runningOut.signature()).as(runningOut.detail()).isEqualTo(FailureSignature.TLS_FAILURE);
    }

    @Test
    void theLoginGoesOverTlsWithTheServersCertificateAndNameChecked() throws Exception {
        CheckResult verified = check("127.0.0.1", "greenlight", ", tls: true, ca_file: " + ca);
        CheckResult untrusted = check("127.0.0.1", "greenlight", ", tls: true");
        CheckResult otherName = check("localhost", "greenlight", ", tls: true, ca_file: " + ca);
        CheckResult insecure = check("127.0.0.1", "greenlight", ", tls: true, insecure: true");

        assertThat(verified.passed()).as(verified.detail()).isTrue();
        assertThat(verified.detail()).startsWith("logged in as greenlight; SELECT 1 -> 1 in ");
        assertThat(untrusted.signature()).as(untrusted.detail()).isEqualTo(FailureSignature.TLS_UNTRUSTED);
        assertThat(otherName.signature()).as(otherName.detail()).isEqualTo(FailureSignature.TLS_HOSTNAME_MISMATCH);
        assertThat(insecure.passed()).as(insecure.detail()).isTrue();
        assertThat(untrusted.detail() + otherName.detail()).doesNotContain(RealServers.Postgres.PASSWORD);
    }

    @Test
    void withoutALoginTheCheckAsksForTlsAndChecksTheCertificateBeforeItsStartup() throws Exception {
        CheckResult verified = Runs.oneProbe("postgres: { address: \"127.0.0.1:" + postgres.port + "\", tls: true, ca_file: "
                + ca + " }", Map.of()).checks().get(0);
        CheckResult untrusted = Runs.oneProbe("postgres: { address: \"127.0.0.1:" + postgres.port + "\", tls: true }",
                Map.of()).checks().get(0);
        CheckResult clear = Runs.oneProbe("postgres: \"127.0.0.1:" + postgres.port + "\"", Map.of()).checks().get(0);

        assertThat(verified.passed()).as(verified.detail()).isTrue();
        assertThat(verified.detail()).startsWith("PostgreSQL accepts connections (it asks for a password");
        assertThat(verified.observation().tls().subject()).isEqualTo("CN=127.0.0.1");
        assertThat(verified.observation().timings().tls()).isNotNull();
        assertThat(untrusted.signature()).as(untrusted.detail()).isEqualTo(FailureSignature.TLS_UNTRUSTED);
        // in the clear, this server (hostssl only) turns the startup away: a server that runs, as before
        assertThat(clear.passed()).as(clear.detail()).isTrue();
        assertThat(clear.observation().tls()).isNull();
    }

    @Test
    void aServerThatTakesNoTlsOrAPortThatIsNotPostgresFailsTheHandshakeCheckForWhatItIs() throws Exception {
        try (RealServers.Postgres plain = new RealServers.Postgres();
             java.net.ServerSocket ssh = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            Thread banner = new Thread(() -> { // an SSH server speaks first: "SSH-..." must not read as TLS agreed ('S')
                while (!ssh.isClosed()) {
                    try (java.net.Socket s = ssh.accept()) {
                        s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        Thread.sleep(500);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            banner.setDaemon(true);
            banner.start();
            CheckResult noTls = Runs.oneProbe("postgres: { address: \"127.0.0.1:" + plain.port + "\", tls: true }", Map.of())
                    .checks().get(0);
            CheckResult notPostgres = Runs.oneProbe("postgres: { address: \"127.0.0.1:" + ssh.getLocalPort() + "\", tls: true }",
                    Map.of()).checks().get(0);

            assertThat(noTls.signature()).as(noTls.detail()).isEqualTo(FailureSignature.TLS_FAILURE);
            assertThat(noTls.detail()).contains("takes no TLS connections");
            assertThat(notPostgres.signature()).as(notPostgres.detail()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
            assertThat(notPostgres.detail()).contains("SSH");
        }
    }

    @Test
    void aUserOfClientCertificatesLogsInWithItsCertificateAndIsRefusedWithoutIt() throws Exception {
        String tls = ", tls: true, ca_file: " + ca;
        CheckResult withCertificate = check("127.0.0.1", RealServers.Postgres.CERT_USER, tls + ", client_cert: " + client[0]
                + ", client_key: " + client[1]);
        CheckResult without = check("127.0.0.1", RealServers.Postgres.CERT_USER, tls);

        assertThat(withCertificate.passed()).as(withCertificate.detail()).isTrue();
        assertThat(without.signature()).as(without.detail()).isEqualTo(FailureSignature.AUTH_FAILED);
        assertThat(without.detail()).contains("certificate");
    }
}
