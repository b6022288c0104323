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
 * The redis probe over TLS (managed Redis: in-transit encryption), against Debian's redis-server speaking TLS only, with
 * a certificate the test CA signs.
 */
class RedisTlsTest {

    @TempDir
    static Path dir;
    private static Path ca;
    private static RealServers.Redis redis;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates certificates = new TestCertificates();
        ca = certificates.caFile(dir);
        redis = new RealServers.Redis("tls-secret-9", certificates.serverPem(dir, "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static CheckResult check(String probe) throws Exception {
        return Runs.oneProbe(probe, Map.of("REDIS_PASSWORD", "tls-secret-9")).checks().get(0);
    }

    @Test
    void aTlsRedisAnswersOverTlsAndItsCertificateIsCheckedAsAnHttpsServers() throws Exception {
        String address = "\"127.0.0.1:" + redis.port + "\"";
        CheckResult tls = check("redis: { address: " + address + ", password: \"${REDIS_PASSWORD}\", tls: true, ca_file: " + ca + " }");
        CheckResult untrusted = check("redis: { address: " + address + ", password: \"${REDIS_PASSWORD}\", tls: true }");
        CheckResult insecure = check("redis: { address: " + address + ", password: \"${REDIS_PASSWORD}\", tls: true, insecure: true }");
        CheckResult clear = check("redis: { address: " + address + ", password: \"${REDIS_PASSWORD}\" }");

        assertThat(tls.passed()).as(tls.detail()).isTrue();
        assertThat(tls.detail()).startsWith("PONG in ");
        assertThat(tls.check().probe().target()).isEqualTo("rediss 127.0.0.1:" + redis.port);
        assertThat(untrusted.signature()).as(untrusted.detail()).isEqualTo(FailureSignature.TLS_UNTRUSTED);
        assertThat(insecure.passed()).as(insecure.detail()).isTrue();
        assertThat(clear.passed()).as("a TLS port spoken to in the clear: " + clear.detail()).isFalse();
    }
}
