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
        mariadb.admin("CREATE DATABASE shop; CREATE TABLE shop.orders (id INT); INSERT INTO shop.orders VALUES (1), (2);"
                + " CREATE USER 'app'@'%' IDENTIFIED BY '" + PASSWORD + "'; GRANT ALL ON shop.* TO 'app'@'%';"
                + " GRANT ALL ON shop_v2.* TO 'app'@'%';"); // provisioned for a schema its migration never created
        http = new TestServer();
    }

    private static final String PASSWORD = "s3cret-for-app";

    /** A mysql check that logs in as the application's user, with {@code more} fields. */
    private static String login(String address, String more) {
        return "mysql: { address: \"" + address + "\", user: app, password: \"${DB_PASSWORD}\"" + more + " }";
    }

    private static CheckResult checkWithPassword(String probe, String password) throws Exception {
        return Runs.oneProbe(probe, Map.of("DB_PASSWORD", password)).checks().get(0);
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
    void aLoginRunsTheQueryAndSaysWhatItReturnedOverBothLoopbacks() throws Exception {
        CheckResult v4 = checkWithPassword(login("127.0.0.1:" + mariadb.port, ", database: shop, query: \"SELECT count(*) FROM orders\""),
                PASSWORD);
        CheckResult v6 = checkWithPassword(login("[::1]:" + mariadb.port, ", database: shop"), PASSWORD);

        assertThat(v4.passed()).as(v4.detail()).isTrue();
        assertThat(v4.detail()).startsWith("logged in as app; SELECT count(*) FROM orders -> 2 in ");
        assertThat(v4.check().probe().target()).isEqualTo("mysql 127.0.0.1:" + mariadb.port + "/shop");
        assertThat(v6.passed()).as(v6.detail()).isTrue();
        assertThat(v6.detail()).startsWith("logged in as app; SELECT 1 -> 1 in ");
    }

    @Test
    void whatTheGreetingPassesTheLoginFailsWithItsReason() throws Exception {
        String address = "127.0.0.1:" + mariadb.port;
        CheckResult greeting = check("mysql: \"" + address + "\"");
        CheckResult rotated = checkWithPassword(login(address, ", database: shop"), "the-old-password");
        CheckResult noSchema = checkWithPassword(login(address, ", database: shop_v2"), PASSWORD);
        CheckResult notMigrated = checkWithPassword(login(address, ", database: shop, query: \"SELECT count(*) FROM invoices\""),
                PASSWORD);
        CheckResult noUser = checkWithPassword("mysql: { address: \"" + address + "\", user: billing, password: \"${DB_PASSWORD}\" }",
                PASSWORD);

        assertThat(greeting.passed()).as("the server runs: a greeting is all the check without a login sees").isTrue();
        assertThat(rotated.signature()).isEqualTo(FailureSignature.AUTH_FAILED);
        assertThat(rotated.detail()).contains("ERROR 1045 (28000): Access denied for user 'app'@'127.0.0.1' (using password: YES)")
                .doesNotContain("the-old-password");
        assertThat(noSchema.signature()).isEqualTo(FailureSignature.DATABASE_MISSING);
        assertThat(noSchema.detail()).contains("ERROR 1049 (42000): Unknown database 'shop_v2'");
        assertThat(notMigrated.signature()).isEqualTo(FailureSignature.QUERY_FAILED);
        assertThat(notMigrated.detail()).isEqualTo("the query failed: ERROR 1146 (42S02): Table 'shop.invoices' doesn't exist");
        assertThat(noUser.signature()).isEqualTo(FailureSignature.AUTH_FAILED);
        assertThat(noUser.detail()).contains("Access denied for user 'billing'").doesNotContain(PASSWORD);
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
            CheckResult login = checkWithPassword(login("127.0.0.1:" + mariadb.port, ""), PASSWORD);

            assertThat(mysql.signature()).isEqualTo(FailureSignature.TOO_MANY_CONNECTIONS);
            assertThat(mysql.detail()).contains("ERROR 1040").contains("Too many connections");
            assertThat(tcp.passed()).as("a port that accepts is all a tcp check sees").isTrue();
            assertThat(login.signature()).isEqualTo(FailureSignature.TOO_MANY_CONNECTIONS);
            assertThat(login.detail()).contains("ERROR 1040").contains("Too many connections");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void whatIsNotAMysqlServerSaysWhatItIs() throws Exception {
        CheckResult ssh;
        CheckResult sshWithLogin;
        try (java.net.ServerSocket banner = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread speaker = new Thread(() -> { // a server that speaks first, as MySQL does, but another protocol
                while (!banner.isClosed()) {
                    try (Socket s = banner.accept()) {
                        s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        s.setSoTimeout(1_000);
                        s.getInputStream().read(new byte[256]); // until the client hangs up, or a second
                    } catch (java.io.IOException done) {
                        // the probe hung up, or the test is over
                    }
                }
            });
            speaker.start();
            ssh = check("mysql: \"127.0.0.1:" + banner.getLocalPort() + "\"");
            sshWithLogin = checkWithPassword(login("127.0.0.1:" + banner.getLocalPort(), ""), PASSWORD);
        }
        CheckResult silentWithLogin = checkWithPassword(login("127.0.0.1:" + http.silentPort(), ""), PASSWORD);
        CheckResult closedWithLogin = checkWithPassword(login("127.0.0.1:" + TestServer.closedPort(), ""), PASSWORD);
        CheckResult dropping = check("mysql: \"127.0.0.1:" + http.droppingPort() + "\"");
        CheckResult silent = check("mysql: { address: \"127.0.0.1:" + http.silentPort() + "\" }");
        CheckResult closed = check("mysql: \"127.0.0.1:" + TestServer.closedPort() + "\"");

        assertThat(ssh.signature()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
        assertThat(ssh.detail()).endsWith("but not as MySQL: this port speaks SSH (SSH-2.0-OpenSSH_9.2p1 Debian-2)");
        assertThat(dropping.signature()).isEqualTo(FailureSignature.CONNECTION_RESET);
        assertThat(silent.signature()).isEqualTo(FailureSignature.READ_TIMEOUT);
        assertThat(closed.signature()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
        assertThat(sshWithLogin.signature()).as(sshWithLogin.detail()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
        assertThat(sshWithLogin.detail()).isEqualTo(ssh.detail());
        assertThat(silentWithLogin.signature()).as(silentWithLogin.detail()).isEqualTo(FailureSignature.READ_TIMEOUT);
        assertThat(silentWithLogin.duration()).isLessThan(java.time.Duration.ofSeconds(5));
        assertThat(closedWithLogin.signature()).as(closedWithLogin.detail()).isEqualTo(FailureSignature.CONNECTION_REFUSED);
    }
}
