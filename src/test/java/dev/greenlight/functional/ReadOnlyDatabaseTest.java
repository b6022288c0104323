package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A login check answered by a server that takes no writes: a real PostgreSQL hot standby (pg_basebackup -R of a real
 * primary, as a failover leaves the old primary), and a MariaDB server with read_only on. Both answer a login and
 * SELECT 1 as a primary does.
 */
class ReadOnlyDatabaseTest {

    private static RealServers.Postgres primary;
    private static RealServers.Postgres standby;
    private static RealServers.Mariadb mariadb;

    @BeforeAll
    static void start() throws Exception {
        primary = new RealServers.Postgres();
        standby = primary.standby();
        mariadb = new RealServers.Mariadb();
        mariadb.admin("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; SET GLOBAL read_only = ON;");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable server : new AutoCloseable[] {standby, primary, mariadb}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private static CheckResult check(String probe) throws Exception {
        return Runs.oneProbe(probe, Map.of("PGPASSWORD", RealServers.Postgres.PASSWORD)).checks().get(0);
    }

    private static String postgres(int port, String more) {
        return "postgres: { address: \"127.0.0.1:" + port + "\", database: app, user: " + RealServers.Postgres.USER
                + ", password: \"${PGPASSWORD}\"" + more + " }";
    }

    @Test
    void aStandbyAnsweringForThePrimaryFailsACheckThatNeedsWrites() throws Exception {
        CheckResult onPrimary = check(postgres(primary.port, ", writable: true"));
        CheckResult onStandby = check(postgres(standby.port, ", writable: true"));
        CheckResult readingTheStandby = check(postgres(standby.port, ""));

        assertThat(onPrimary.passed()).as(onPrimary.detail()).isTrue();
        assertThat(onPrimary.detail()).doesNotContain("writes");
        assertThat(onStandby.signature()).as(onStandby.detail()).isEqualTo(FailureSignature.READ_ONLY);
        assertThat(onStandby.detail()).startsWith("logged in as greenlight; SELECT 1 -> 1 in ")
                .endsWith(", but the server takes no writes: a standby (pg_is_in_recovery() is true) (the check has writable: true)");
        assertThat(readingTheStandby.passed()).as("a read replica checked on purpose").isTrue();
        assertThat(readingTheStandby.detail()).endsWith("; the server takes no writes: a standby (pg_is_in_recovery() is true)");
    }

    @Test
    void aMysqlServerWithReadOnlyOnFailsACheckThatNeedsWrites() throws Exception {
        String login = "mysql: { address: \"127.0.0.1:" + mariadb.port + "\", user: app, password: app-pw";
        CheckResult writable = check(login + ", writable: true }");
        CheckResult reading = check(login + " }");

        assertThat(writable.signature()).as(writable.detail()).isEqualTo(FailureSignature.READ_ONLY);
        assertThat(writable.detail()).contains("but the server takes no writes: read_only is on");
        assertThat(reading.passed()).as(reading.detail()).isTrue();
    }
}
