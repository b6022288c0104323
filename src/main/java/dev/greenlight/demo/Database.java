package dev.greenlight.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * The demo's database: one H2 engine served twice, in PostgreSQL protocol mode (what Greenlight's
 * postgres probe sees) and in H2's own protocol (what the services' JDBC uses: the PostgreSQL driver
 * sends session settings H2 does not know).
 */
final class Database implements AutoCloseable {

    static final String USER = "chat";
    static final String PASSWORD = "chat-demo-password";
    static final String NAME = "chat";

    private final Server server;
    private final Server native_;
    private final Path dir;

    Database() throws IOException, SQLException {
        // loopback only, and no look-up of the machine's own host name (which need not resolve)
        System.setProperty("h2.bindAddress", "127.0.0.1");
        dir = Files.createTempDirectory("greenlight-demo-db");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        server = Server.createPgServer("-pgPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists").start();
        native_ = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
    }

    /** The PostgreSQL-protocol port. */
    int port() {
        return server.getPort();
    }

    /** H2's own protocol port, for the services' JDBC. */
    int nativePort() {
        return native_.getPort();
    }

    /** How a service connects, through {@code port} (its relay): H2's driver over TCP. */
    static java.sql.Connection connect(int port) throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + port + "/" + NAME, USER, PASSWORD);
    }

    @Override
    public void close() throws IOException {
        server.stop();
        native_.stop();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
