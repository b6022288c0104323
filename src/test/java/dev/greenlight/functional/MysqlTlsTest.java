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
 * A mysql check's login over TLS, against a MariaDB server that takes TLS connections only (require_secure_transport, as
 * managed MySQL often does), with a certificate the test CA signs.
 */
class MysqlTlsTest {

    private static final String PASSWORD = "tls-app-pw";
    @TempDir
    static Path dir;
    private static Path ca;
    private static Path[] client;
    private static RealServers.Mariadb mariadb;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates certificates = new TestCertificates();
        ca = certificates.caFile(dir);
        client = certificates.clientPem(dir, "certapp");
        mariadb = new RealServers.Mariadb(certificates.serverPem(dir, "127.0.0.1"), ca);
        mariadb.admin("CREATE USER 'app'@'%' IDENTIFIED BY '" + PASSWORD + "';");
        // a user that must show a certificate the CA signed, naming it (as a managed MySQL's REQUIRE X509 users do)
        mariadb.admin("CREATE USER 'certapp'@'%' IDENTIFIED BY '" + PASSWORD + "' REQUIRE SUBJECT '/CN=certapp';");
    }

    @AfterAll
    static void stop() throws Exception {
        if (mariadb != null) {
            mariadb.close();
        }
    }

    private static CheckResult check(String more) throws Exception {
        return check("127.0.0.1", "app", more);
    }

    private static CheckResult check(String host, String user, String more) throws Exception {
        return Runs.oneProbe("mysql: { address: \"" + host + ":" + mariadb.port + "\", user: " + user
                + ", password: \"${DB_PASSWORD}\"" + more + " }", Map.of("DB_PASSWORD", PASSWORD)).checks().get(0);
    }

    @Test
    void aUserThatMustShowACertificateLogsInWithTheChecksClientCertificate() throws Exception {
        String tls = ", tls: true, ca_file: " + ca;
        CheckResult withCertificate = check("127.0.0.1", "certapp", tls + ", client_cert: " + client[0] + ", client_key: "
                + client[1]);
        CheckResult without = check("127.0.0.1", "certapp", tls);
        CheckResult otherName = check("localhost", "app", tls);

        assertThat(withCertificate.passed()).as(withCertificate.detail()).isTrue();
        assertThat(without.signature()).as(without.detail()).isEqualTo(FailureSignature.AUTH_FAILED);
        assertThat(otherName.signature()).as(otherName.detail()).isEqualTo(FailureSignature.TLS_HOSTNAME_MISMATCH);
    }

    @Test
    void theLoginGoesOverTlsWithTheServersCertificateChecked() throws Exception {
        CheckResult verified = check(", tls: true, ca_file: " + ca);
        CheckResult untrusted = check(", tls: true");
        CheckResult insecure = check(", tls: true, insecure: true");
        CheckResult clear = check("");

        assertThat(verified.passed()).as(verified.detail()).isTrue();
        assertThat(verified.detail()).startsWith("logged in as app; SELECT 1 -> 1 in ");
        assertThat(untrusted.signature()).as(untrusted.detail()).isEqualTo(FailureSignature.TLS_UNTRUSTED);
        assertThat(insecure.passed()).as(insecure.detail()).isTrue();
        assertThat(clear.signature()).isEqualTo(FailureSignature.AUTH_FAILED); // MariaDB's words for it: Access denied
        assertThat(clear.detail()).endsWith("the login went in the clear, and a server that takes TLS connections only "
                + "(require_secure_transport) refuses it so too: if it does, give the check 'tls: true'");
    }
}
