package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grpc probe against grpc-java's own server and standard health service, on loopback. */
class GrpcProbeTest {

    private static HealthStatusManager health;
    private static Server server;
    private static Server withoutHealth;
    private static TestServer http;
    private static Server overTls;
    private static Path caFile;
    @org.junit.jupiter.api.io.TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        health = new HealthStatusManager();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(health.getHealthService()).build().start();
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus("chat.Agent", ServingStatus.NOT_SERVING);
        withoutHealth = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build().start();
        http = new TestServer();
        TestCertificates certificates = new TestCertificates();
        Path[] pem = certificates.serverPem(dir, "127.0.0.1");
        caFile = certificates.caFile(dir);
        overTls = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(GrpcSslContexts.forServer(pem[0].toFile(), pem[1].toFile()).build())
                .addService(health.getHealthService()).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        withoutHealth.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        overTls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        http.close();
    }

    private static CheckResult check(String probe) throws Exception {
        return Runs.oneProbe(probe, Map.of()).checks().get(0);
    }

    @Test
    void aServingServerPasses() throws Exception {
        CheckResult c = check("grpc: \"127.0.0.1:" + server.getPort() + "\"");

        assertThat(c.passed()).as(c.detail()).isTrue();
        assertThat(c.detail()).isEqualTo("gRPC health: SERVING");
    }

    @Test
    void aServerOnIpv6LoopbackIsAskedByItsBracketedAddress() throws Exception {
        Server onIpv6 = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getByName("::1"), 0))
                .addService(health.getHealthService()).build().start();
        try {
            CheckResult c = check("grpc: \"[::1]:" + onIpv6.getPort() + "\"");

            assertThat(c.passed()).as(c.detail()).isTrue();
        } finally {
            onIpv6.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServiceThatSaysNotServingIsDownWhereATcpCheckPasses() throws Exception {
        CheckResult grpc = check("grpc: { address: \"127.0.0.1:" + server.getPort() + "\", service: chat.Agent }");
        CheckResult tcp = check("tcp: \"127.0.0.1:" + server.getPort() + "\"");

        assertThat(grpc.signature()).isEqualTo(FailureSignature.REPORTED_DOWN);
        assertThat(grpc.detail()).isEqualTo("gRPC health of chat.Agent: NOT_SERVING");
        assertThat(tcp.passed()).as("the port accepts: all a tcp check sees").isTrue();
    }

    @Test
    void aCallThatEndsWithoutAHealthResponseFails() throws Exception {
        CheckResult unknownService = check("grpc: { address: \"127.0.0.1:" + server.getPort() + "\", service: nope }");
        CheckResult noHealthService = check("grpc: \"127.0.0.1:" + withoutHealth.getPort() + "\"");

        assertThat(unknownService.signature()).isEqualTo(FailureSignature.QUERY_FAILED);
        assertThat(unknownService.detail()).startsWith("the health service does not know service 'nope' (grpc-status 5 "
                + "NOT_FOUND: unknown service nope)");
        assertThat(noHealthService.signature()).isEqualTo(FailureSignature.QUERY_FAILED);
        assertThat(noHealthService.detail()).startsWith("the server has no gRPC health service (grpc-status 12 UNIMPLEMENTED: "
                + "Method not found: grpc.health.v1.Health/Check)");
    }

    @Test
    void throughNginxTheServerBehindIsSeenAndAProxyAnsweringForADeadOneIsNamed() throws Exception {
        try (RealServers.Nginx toLive = RealServers.Nginx.grpcProxy(server.getPort());
             RealServers.Nginx toDead = RealServers.Nginx.grpcProxy(TestServer.closedPort())) {
            CheckResult live = check("grpc: { address: \"127.0.0.1:" + toLive.port + "\", service: chat.Agent }");
            CheckResult dead = check("grpc: \"127.0.0.1:" + toDead.port + "\"");
            CheckResult tcp = check("tcp: \"127.0.0.1:" + toDead.port + "\"");

            assertThat(live.signature()).as(live.detail()).isEqualTo(FailureSignature.REPORTED_DOWN);
            assertThat(live.detail()).isEqualTo("gRPC health of chat.Agent: NOT_SERVING");
            assertThat(dead.signature()).as(dead.detail()).isEqualTo(FailureSignature.UPSTREAM_FAILED);
            assertThat(dead.detail()).startsWith("HTTP 502 in place of a gRPC answer (server: nginx")
                    .contains("a proxy in front of the gRPC server answered, and the server behind it did not");
            assertThat(tcp.passed()).as("the proxy's port accepts").isTrue();
        }
    }

    @Test
    void overTlsTheServersCertificateIsTrustedAsAnHttpsChecksIs() throws Exception {
        String address = "address: \"127.0.0.1:" + overTls.getPort() + "\", tls: true";
        CheckResult trusted = check("grpc: { " + address + ", ca_file: \"" + caFile + "\", service: chat.Agent }");
        CheckResult untrusted = check("grpc: { " + address + " }");
        CheckResult insecure = check("grpc: { " + address + ", insecure: true }");
        CheckResult clear = check("grpc: \"127.0.0.1:" + overTls.getPort() + "\"");

        assertThat(trusted.signature()).as(trusted.detail()).isEqualTo(FailureSignature.REPORTED_DOWN);
        assertThat(trusted.detail()).isEqualTo("gRPC health of chat.Agent: NOT_SERVING");
        assertThat(untrusted.signature()).isEqualTo(FailureSignature.TLS_UNTRUSTED);
        assertThat(insecure.passed()).as(insecure.detail()).isTrue();
        assertThat(clear.passed()).as("in the clear against a TLS port: " + clear.detail()).isFalse();
    }

    @Test
    void anHttp1ServerOrNoServerIsNotGrpc() throws Exception {
        CheckResult web = check("grpc: \"127.0.0.1:" + http.plainTextPort() + "\"");
        CheckResult closed = check("grpc: \"127.0.0.1:" + TestServer.closedPort() + "\"");

        assertThat(web.signature()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
        assertThat(web.detail()).contains("this port speaks HTTP (HTTP/1.1 400 Bad Request)").contains("gRPC needs HTTP/2");
        assertThat(closed.signature()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
    }
}
