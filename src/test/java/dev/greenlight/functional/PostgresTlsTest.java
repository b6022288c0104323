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
