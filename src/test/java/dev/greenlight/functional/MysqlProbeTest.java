package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mysql probe against a real MariaDB server on loopback, and against what is not one. */
class MysqlProbeTest {

    private static RealServers.Mariadb mariadb;
    private static TestServer http;

    @BeforeAll
    static void start() throws Exception {
        mariadb = new RealServers.Mariadb();
        http = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mariadb != null) {
            mariadb.close();
        }
        http.close();
    }

    private static CheckResult check(String probe) throws Exception {
        return Runs.oneProbe(probe, Map.of()).checks().get(0);
    }

    @Test
    void aRunningServerGreetsAndTurnsTheProbesOwnLoginAway() throws Exception {
        CheckResult c = check("mysql: \"127.0.0.1:" + mariadb.port + "\"");
        CheckResult overIpv6 = check("mysql: \"[::1]:" + mariadb.port + "\"");

        assertThat(overIpv6.passed()).as(overIpv6.detail()).isTrue();
        assertThat(c.passed()).as(c.detail()).isTrue();
        assertThat(c.detail()).startsWith("MariaDB 10.").contains("accepts connections (it turned down the probe's own login: "
                + "ERROR 1045 (28000): Access denied for user 'greenlight'");
    }

    @Test
    void aServerWithNoRoomForAnotherConnectionIsTooManyConnectionsWhereATcpCheckPasses() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 11; i++) { // its 10 connections and the one it keeps for an administrator
                Socket s = new Socket(InetAddress.getLoopbackAddress(), mariadb.port);
                held.add(s);
                InputStream greeting = s.getInputStream();
                assertThat(greeting.read()).as("greeted").isNotNegative();
            }
            CheckResult mysql = check("mysql: \"127.0.0.1:" + mariadb.port + "\"");
            CheckResult tcp = check("tcp: \"127.0.0.1:" + mariadb.port + "\"");

            assertThat(mysql.signature()).isEqualTo(FailureSignature.TOO_MANY_CONNECTIONS);
            assertThat(mysql.detail()).contains("ERROR 1040").contains("Too many connections");
            assertThat(tcp.passed()).as("a port that accepts is all a tcp check sees").isTrue();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void whatIsNotAMysqlServerSaysWhatItIs() throws Exception {
        CheckResult ssh;
        try (java.net.ServerSocket banner = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread speaker = new Thread(() -> { // a server that speaks first, as MySQL does, but another protocol
                try (Socket s = banner.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    Thread.sleep(1_000);
                } catch (java.io.IOException | InterruptedException done) {
                    // the probe hung up
                }
            });
            speaker.start();
            ssh = check("mysql: \"127.0.0.1:" + banner.getLocalPort() + "\"");
        }
        CheckResult dropping = check("mysql: \"127.0.0.1:" + http.droppingPort() + "\"");
        CheckResult silent = check("mysql: { address: \"127.0.0.1:" + http.silentPort() + "\" }");
        CheckResult closed = check("mysql: \"127.0.0.1:" + TestServer.closedPort() + "\"");

        assertThat(ssh.signature()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
        assertThat(ssh.detail()).endsWith("but not as MySQL: this port speaks SSH (SSH-2.0-OpenSSH_9.2p1 Debian-2)");
        assertThat(dropping.signature()).isEqualTo(FailureSignature.CONNECTION_RESET);
        assertThat(silent.signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
        assertThat(closed.signature()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
    }
}
