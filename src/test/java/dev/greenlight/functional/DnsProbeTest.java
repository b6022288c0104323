package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dns probe against a real resolver (dnsmasq) on loopback, and one that never answers. */
class DnsProbeTest {

    private static RealServers.Dnsmasq dnsmasq;

    @BeforeAll
    static void start() throws Exception {
        dnsmasq = new RealServers.Dnsmasq();
    }

    @AfterAll
    static void stop() throws Exception {
        dnsmasq.close();
    }

    private static CheckResult check(String name, int port, String extra) throws Exception {
        return Runs.run("""
                timeout: 1s
                services:
                  api: { checks: { dns: { dns: { name: %s, resolver: "127.0.0.1:%d"%s } } } }
                """.formatted(name, port, extra), Map.of()).checks().get(0);
    }

    @Test
    void aNameThatResolvesPassesWithItsAddresses() throws Exception {
        CheckResult c = check("api.greenlight.test", dnsmasq.port, ", addresses: [127.0.0.7]");

        assertThat(c.passed()).isTrue();
        assertThat(c.observation().body()).isEqualTo("127.0.0.7");
    }

    @Test
    void unexpectedAddressesAreNamed() throws Exception {
        CheckResult c = check("api.greenlight.test", dnsmasq.port, ", addresses: [127.0.0.8]");

        assertThat(c.signature()).isEqualTo(FailureSignature.DNS_UNEXPECTED_ADDRESS);
        assertThat(c.detail()).contains("[127.0.0.7]").contains("[127.0.0.8]");
    }

    @Test
    void nxdomainIsNotAResolverFailure() throws Exception {
        assertThat(check("nothing.greenlight.test", dnsmasq.port, "").signature()).isEqualTo(FailureSignature.DNS_NXDOMAIN);
        assertThat(check("elsewhere.example", dnsmasq.port, "").signature()).isEqualTo(FailureSignature.DNS_FAILURE);
    }

    @Test
    void aResolverThatNeverAnswersIsATimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            CheckResult c = check("api.greenlight.test", silent.getLocalPort(), "");

            assertThat(c.signature()).isEqualTo(FailureSignature.DNS_TIMEOUT);
        }
    }

    @Test
    void everyTargetNameNxdomainWhileTheResolverAnswersIsANoGoNotInconclusive() throws Exception {
        String before = System.getProperty("greenlight.dns.resolver");
        System.setProperty("greenlight.dns.resolver", "127.0.0.1:" + dnsmasq.port);
        try {
            RunResult run = Runs.run("""
                    services:
                      web: { url: "http://web.nowhere.greenlight.test", checks: { health: { http: /health } } }
                      db: { checks: { reachable: { tcp: "db.nowhere.greenlight.test:5432" } } }
                    """, Map.of());

            assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
            assertThat(run.checks()).extracting(CheckResult::signature).containsOnly(FailureSignature.DNS_NXDOMAIN);
            assertThat(run.reasons()).last().asString().startsWith("every target name does not exist (NXDOMAIN)");
            assertThat(Diagnoser.diagnose(run).rootCauses()).extracting(r -> r.classification().name())
                    .containsOnly("CONFIGURATION");
        } finally {
            System.setProperty("greenlight.dns.resolver", before);
        }
    }

    @Test
    void everyTargetNameUnresolvableWithADeadResolverStaysInconclusive() throws Exception {
        RunResult run = Runs.run("""
                services:
                  web: { url: "http://web.nowhere.greenlight.test", checks: { health: { http: /health } } }
                """, Map.of()); // the tests' resolver is a dead loopback port (pom.xml)

        assertThat(run.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(run.checks().get(0).signature()).isEqualTo(FailureSignature.DNS_TIMEOUT);
    }
}
