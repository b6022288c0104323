package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls probe against TLS listeners on loopback presenting certificates the test made. */
class TlsProbeTest {

    private static TestCertificates certificates;
    private static Path ca;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        certificates = new TestCertificates();
        ca = certificates.caFile(dir);
    }

    private static CheckResult check(int port, String serverName, String... conditions) throws Exception {
        String expect = conditions.length == 0 ? "" : ", expect: [\"" + String.join("\", \"", conditions) + "\"]";
        return Runs.run("""
                timeout: 3s
                services:
                  api: { checks: { cert: { tls: { address: "127.0.0.1:%d", server_name: %s, ca_file: "%s" }%s } } }
                """.formatted(port, serverName, ca, expect), Map.of()).checks().get(0);
    }

    private static Instant days(int n) {
        return Instant.now().plus(Duration.ofDays(n));
    }

    @Test
    void aValidCertificatePassesWithItsExpiryAndProtocol() throws Exception {
        int port = certificates.serve("localhost", days(-1), days(40), false);

        CheckResult c = check(port, "localhost", "[CERTIFICATE_EXPIRATION] > 720h");

        assertThat(c.passed()).isTrue();
        assertThat(c.observation().tls().protocol()).startsWith("TLSv1.");
        assertThat(c.observation().tls().issuer()).isEqualTo("CN=Greenlight Test CA");
        assertThat(c.observation().certificateExpiry()).isBetween(Duration.ofDays(39), Duration.ofDays(40));
    }

    @Test
    void soonToExpireFailsTheExpiryCondition() throws Exception {
        int port = certificates.serve("localhost", days(-1), days(10), false);

        CheckResult c = check(port, "localhost", "[CERTIFICATE_EXPIRATION] > 720h");

        assertThat(c.signature()).isEqualTo(FailureSignature.TLS_FAILURE);
        assertThat(c.conditions().get(0).success()).isFalse();
    }

    @Test
    void expiredNotYetValidUntrustedAndWrongHostEachHaveTheirSignature() throws Exception {
        assertThat(check(certificates.serve("localhost", days(-30), days(-1), false), "localhost").signature())
                .isEqualTo(FailureSignature.TLS_EXPIRED);
        assertThat(check(certificates.serve("localhost", days(2), days(30), false), "localhost").signature())
                .isEqualTo(FailureSignature.TLS_NOT_YET_VALID);
        assertThat(check(certificates.serve("localhost", days(-1), days(30), true), "localhost").signature())
                .isEqualTo(FailureSignature.TLS_UNTRUSTED);
        CheckResult wrongHost = check(certificates.serve("other.example", days(-1), days(30), false), "localhost");
        assertThat(wrongHost.signature()).isEqualTo(FailureSignature.TLS_HOSTNAME_MISMATCH);
        assertThat(wrongHost.detail()).contains("names: [other.example]");
    }

    @Test
    void somethingThatIsNotTlsIsATlsFailure() throws Exception {
        try (TestServer plain = new TestServer()) {
            assertThat(check(plain.plainTextPort(), "localhost").signature()).isEqualTo(FailureSignature.TLS_FAILURE);
        }
    }
}
