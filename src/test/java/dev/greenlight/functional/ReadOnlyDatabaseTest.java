package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.probe.FailureSignature;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A check answered by a server that takes no writes: a real PostgreSQL hot standby (pg_basebackup -R of a real
 * primary, as a failover leaves the old primary), a MariaDB server with read_only on, a Redis replica. Each answers a
 * login and a query (or PING) as a primary does. And a Redis Sentinel, which answers PING and serves no data at all.
 */
class ReadOnlyDatabaseTest {

    private static RealServers.Postgres primary;
    private static RealServers.Postgres standby;
    private static RealServers.Mariadb mariadb;
    private static RealServers.Redis master;
    private static RealServers.Redis replica;
    private static RealServers.Redis sentinel;

    @BeforeAll
    static void start() throws Exception {
        primary = new RealServers.Postgres();
        standby = primary.standby();
        mariadb = new RealServers.Mariadb();
        mariadb.admin("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; SET GLOBAL read_only = ON;");
        master = new RealServers.Redis(null);
        replica = RealServers.Redis.replicaOf(master);
        sentinel = RealServers.Redis.sentinelOf(master);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable server : new AutoCloseable[] {standby, primary, mariadb, sentinel, replica, master}) {
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

    @Test
    void aRedisReplicaIsSaidAndFailsACheckThatNeedsWritesAndASentinelIsNoRedis() throws Exception {
        CheckResult onMaster = check("redis: { address: \"127.0.0.1:" + master.port + "\", writable: true }");
        CheckResult onReplica = check("redis: { address: \"127.0.0.1:" + replica.port + "\", writable: true }");
        CheckResult readingTheReplica = check("redis: \"127.0.0.1:" + replica.port + "\"");
        CheckResult onSentinel = check("redis: \"127.0.0.1:" + sentinel.port + "\"");

        assertThat(onMaster.passed()).as(onMaster.detail()).isTrue();
        assertThat(onMaster.detail()).doesNotContain("writes");
        assertThat(onReplica.signature()).as(onReplica.detail()).isEqualTo(FailureSignature.READ_ONLY);
        assertThat(onReplica.detail()).startsWith("PONG in ").endsWith(", but the server takes no writes: a replica (ROLE) "
                + "(the check has writable: true)");
        assertThat(readingTheReplica.passed()).isTrue();
        assertThat(readingTheReplica.detail()).endsWith("; the server takes no writes: a replica (ROLE)");
        assertThat(onSentinel.signature()).as(onSentinel.detail()).isEqualTo(FailureSignature.PROTOCOL_ERROR);
        assertThat(onSentinel.detail()).startsWith("a Redis Sentinel answered, not a Redis that serves data");
    }
}
