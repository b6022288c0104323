package dev.greenlight.functional;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real PostgreSQL and Redis servers from Debian's packages (installed by .ci/run), started on loopback
 * in a temporary directory for the tests that need them. When they cannot be started the test fails
 * with the reason: a skipped real-service test would be a lie.
 */
final class RealServers {

    private RealServers() {
    }

    /** A private PostgreSQL cluster: user {@code greenlight}, password {@code pg-secret-42}, database {@code app}, 3 connections. */
    static final class Postgres implements AutoCloseable {
        static final String USER = "greenlight";
        static final String PASSWORD = "pg-secret-42";
        final int port;
        private Process server;
        /** A user that logs in with a client certificate only (pg_hba {@code cert}: its CN must be this name). */
        static final String CERT_USER = "certuser";
        private final Path dir;
        private final Path bin;
        private final boolean root;
        private final List<String> settings = new ArrayList<>();

        Postgres() throws Exception {
            this(null, null);
        }

        /**
         * {@code tls}: the server's certificate and key (PEM), and {@code ca} the CA of its clients' certificates: the
         * server then takes TLS connections only, {@link #USER} with its password and {@link #CERT_USER} with a client
         * certificate.
         */
        Postgres(Path[] tls, Path ca) throws Exception {
            bin = postgresBin();
            dir = Files.createTempDirectory("greenlight-pg");
            Path data = dir.resolve("data");
            Path pwfile = dir.resolve("pw");
            Files.writeString(pwfile, PASSWORD + "\n");
            root = "root".equals(System.getProperty("user.name"));
            if (tls != null) { // where the server's own user can read them; its key readable by it alone
                Path cert = Files.copy(tls[0], dir.resolve("server-cert.pem"));
                Path key = Files.copy(tls[1], dir.resolve("server-key.pem"));
                Path clients = Files.copy(ca, dir.resolve("client-ca.pem"));
                Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                settings.addAll(List.of("-c", "ssl=on", "-c", "ssl_cert_file=" + cert, "-c", "ssl_key_file=" + key,
                        "-c", "ssl_ca_file=" + clients, "-c", "hba_file=" + dir.resolve("pg_hba.conf")));
                Files.writeString(dir.resolve("pg_hba.conf"), String.join("\n",
                        "hostssl all " + CERT_USER + " 127.0.0.1/32 cert", "hostssl all " + CERT_USER + " ::1/128 cert",
                        "hostssl all all 127.0.0.1/32 scram-sha-256", "hostssl all all ::1/128 scram-sha-256", ""));
            }
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--no-sync"));
            port = freePort();
            start();
            run(asPostgres(root, bin.resolve("psql").toString().replace("/lib/postgresql/15/bin/psql", "/bin/psql"),
                    "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-d", "postgres", "-c", "CREATE DATABASE app"),
                    List.of("PGPASSWORD=" + PASSWORD));
        }

        /**
         * A hot standby of this server (pg_basebackup -R: it streams from this one and takes no writes), as a failover leaves
         * the old primary, or as a read replica is.
         */
        Postgres standby() throws Exception {
            return new Postgres(this);
        }

        private Postgres(Postgres primary) throws Exception {
            bin = primary.bin;
            root = primary.root;
            dir = Files.createTempDirectory("greenlight-pg-standby");
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            run(asPostgres(root, bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", String.valueOf(primary.port),
                    "-U", USER, "-D", dir.resolve("data").toString(), "-R", "--no-sync", "--checkpoint=fast"),
                    List.of("PGPASSWORD=" + PASSWORD)); // a fast checkpoint: a spread one waits minutes on an idle server
            port = freePort();
            start();
        }

        /** A JDBC connection to {@code database} as the test user. */
        java.sql.Connection jdbc(String database) throws java.sql.SQLException {
            return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, PASSWORD);
        }

        /** A new, empty database. */
        void createDatabase(String name) throws java.sql.SQLException {
            try (java.sql.Connection c = jdbc("app"); java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        }

        /** Starts the server (again, after {@link #stop()}) on the same port and data. */
        void start() throws Exception {
            List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                    "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1,::1", "-c", "unix_socket_directories=" + dir,
                    "-c", "max_connections=6", "-c", "superuser_reserved_connections=0", "-c", "fsync=off"));
            command.addAll(settings);
            server = new ProcessBuilder(asPostgres(root, command.toArray(String[]::new)))
                    .redirectErrorStream(true).redirectOutput(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile()))
                    .start();
            waitForPort(port, server, dir.resolve("log"));
        }

        /**
         * Stops the server as an outage would (every connection closed: pg_ctl's fast shutdown, which also removes its
         * lock file so that {@link #start()} can bring it back on the same data).
         */
        void stop() throws Exception {
            if (!server.isAlive()) {
                return;
            }
            run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroy();
        }

        /**
         * Begins a smart shutdown, as an operator's {@code pg_ctl stop} or a platform's SIGTERM does: the server waits
         * for its open sessions to end and turns new connections away until then.
         */
        void beginShutdown() throws Exception {
            run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "smart",
                    "--no-wait", "stop"));
        }

        /** What the server wrote to its log so far. */
        String log() throws IOException {
            return Files.readString(dir.resolve("log"), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            stop();
            deleteTree(dir);
        }

        private static Path postgresBin() throws IOException {
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                        .max(Comparator.naturalOrder())
                        .orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed: run .ci/run "
                                + "(apt-get install postgresql)"));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalStateException("PostgreSQL is not installed: run .ci/run (apt-get install postgresql)");
            }
        }

        /** PostgreSQL refuses to run as root: as root, run it as the package's postgres user. */
        private static List<String> asPostgres(boolean root, String... command) {
            return asUser(root, "postgres", command);
        }
    }

    /** A Redis server; with a password when one is given. */
    static final class Redis implements AutoCloseable {
        final int port;
        private final Process server;
        private final Path log;
        private final Path config;

        Redis(String password) throws Exception {
            this(password, null);
        }

        /** {@code tls}: the server's certificate and key (PEM), for a server that speaks TLS only on {@link #port}. */
        Redis(String password, Path[] tls) throws Exception {
            this(password, tls, null, List.of());
        }

        /** A replica of {@code master} (it takes no writes), as a failover leaves the old master. */
        static Redis replicaOf(Redis master) throws Exception {
            return new Redis(null, null, null, List.of("--replicaof", "127.0.0.1", String.valueOf(master.port)));
        }

        /** A Sentinel watching {@code master}: it answers PING, and serves no data. */
        static Redis sentinelOf(Redis master) throws Exception {
            Path config = Files.createTempFile("greenlight-sentinel", ".conf"); // a Sentinel rewrites its config file
            Files.writeString(config, "sentinel monitor main 127.0.0.1 " + master.port + " 1\n");
            return new Redis(null, null, config, List.of("--sentinel"));
        }

        /** {@code config}: a config file the server reads first (null for none); {@code more}: options after the others. */
        private Redis(String password, Path[] tls, Path config, List<String> more) throws Exception {
            this.config = config;
            port = freePort();
            List<String> command = new ArrayList<>(List.of("redis-server"));
            if (config != null) {
                command.add(config.toString());
            }
            command.addAll(List.of("--bind", "127.0.0.1", "::1", "--save", "", "--appendonly", "no", "--daemonize", "no"));
            command.addAll(more);
            if (tls == null) {
                command.addAll(List.of("--port", String.valueOf(port)));
            } else {
                command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port), "--tls-cert-file", tls[0].toString(),
                        "--tls-key-file", tls[1].toString(), "--tls-auth-clients", "no"));
            }
            if (password != null) {
                command.addAll(List.of("--requirepass", password));
            }
            log = Files.createTempFile("greenlight-redis", ".log");
            try {
                server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("Redis is not installed: run .ci/run (apt-get install redis-server)", e);
            }
            waitForPort(port, server, log);
        }

        @Override
        public void close() throws Exception {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log); // tests leave nothing in /tmp
            if (config != null) {
                Files.deleteIfExists(config);
            }
        }
    }

    /**
     * pgbouncer in front of a PostgreSQL server's port (which may be down), as a platform puts it in front of a
     * database: password authentication (SCRAM) of the test user, every database passed to the server, a client given up
     * on after waiting 1 s for a server connection (the default is 120 s, past a check's timeout).
     */
    static final class Pgbouncer implements AutoCloseable {
        final int port;
        private final Daemon daemon;

        Pgbouncer(int postgresPort) throws Exception {
            port = freePort();
            Path dir = Files.createTempDirectory("greenlight-pgbouncer");
            Files.writeString(dir.resolve("users.txt"), "\"" + Postgres.USER + "\" \"" + Postgres.PASSWORD + "\"\n");
            Files.writeString(dir.resolve("pgbouncer.ini"), """
                    [databases]
                    * = host=127.0.0.1 port=%d
                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = scram-sha-256
                    auth_file = %s/users.txt
                    pool_mode = transaction
                    server_login_retry = 1
                    query_wait_timeout = 1
                    """.formatted(postgresPort, port, dir));
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString())); // pgbouncer refuses to run as root
            }
            daemon = new Daemon(dir, asUser(root, "postgres", sbin("pgbouncer"), dir.resolve("pgbouncer.ini").toString()), port,
                    "pgbouncer");
        }

        @Override
        public void close() throws Exception {
            daemon.close();
        }
    }

    /** twemproxy (nutcracker) in front of a Redis server's port (which may be down), as a Redis pool is fronted. */
    static final class Twemproxy implements AutoCloseable {
        final int port;
        private final Daemon daemon;

        Twemproxy(int redisPort) throws Exception {
            port = freePort();
            Path dir = Files.createTempDirectory("greenlight-twemproxy");
            Files.writeString(dir.resolve("nutcracker.yml"), """
                    pool:
                      listen: 127.0.0.1:%d
                      redis: true
                      timeout: 2000
                      servers:
                        - 127.0.0.1:%d:1
                    """.formatted(port, redisPort));
            daemon = new Daemon(dir, List.of(sbin("nutcracker"), "-c", dir.resolve("nutcracker.yml").toString(), "-p",
                    dir.resolve("pid").toString(), "-o", dir.resolve("nutcracker.log").toString(), "-s", String.valueOf(freePort()),
                    "-a", "127.0.0.1"), port, "nutcracker");
        }

        @Override
        public void close() throws Exception {
            daemon.close();
        }
    }

    /** A MariaDB server (Debian's mariadb-server) that takes at most 10 connections (and one more for an administrator). */
    static final class Mariadb implements AutoCloseable {
        final int port;
        private final Daemon daemon;
        private final Path socket;

        Mariadb() throws Exception {
            this(null, null);
        }

        /**
         * {@code tls}: the server's certificate and key (PEM): the server then takes connections over TLS only
         * ({@code require_secure_transport}); {@code clientCa}: the CA of the client certificates it verifies (null: none).
         */
        Mariadb(Path[] tls, Path clientCa) throws Exception {
            port = freePort();
            Path dir = Files.createTempDirectory("greenlight-mariadb");
            socket = dir.resolve("sock");
            List<String> tlsOptions = new ArrayList<>();
            if (tls != null) { // copied where the server's own user can read them
                Path cert = Files.copy(tls[0], dir.resolve("server-cert.pem"));
                Path key = Files.copy(tls[1], dir.resolve("server-key.pem"));
                tlsOptions.addAll(List.of("--ssl-cert=" + cert, "--ssl-key=" + key, "--require-secure-transport=ON"));
                if (clientCa != null) {
                    tlsOptions.add("--ssl-ca=" + Files.copy(clientCa, dir.resolve("client-ca.pem")));
                }
            }
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "mysql:mysql", dir.toString())); // mariadbd refuses to run as root
            }
            try {
                run(asUser(root, "mysql", "mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                        "--skip-test-db", "--auth-root-authentication-method=normal"));
            } catch (IOException e) {
                throw new IllegalStateException("MariaDB is not installed: run .ci/run (apt-get install mariadb-server)", e);
            }
            List<String> command = new ArrayList<>(asUser(root, "mysql", sbin("mariadbd"), "--no-defaults",
                    "--datadir=" + dir.resolve("data"), "--socket=" + dir.resolve("sock"), "--port=" + port,
                    "--bind-address=127.0.0.1,::1", "--skip-name-resolve", "--max-connections=10", "--innodb-buffer-pool-size=8M",
                    "--log-error=" + dir.resolve("error.log")));
            command.addAll(tlsOptions);
            daemon = new Daemon(dir, command, port, "mariadb-server");
        }

        /** Runs {@code sql} as the server's administrator (root, over its Unix socket), as a DBA would with the mariadb client. */
        void admin(String sql) throws Exception {
            run(List.of("mariadb", "--no-defaults", "--socket=" + socket, "-uroot", "-e", sql));
        }

        @Override
        public void close() throws Exception {
            daemon.close();
        }
    }

    /** {@code command}, as {@code user} when the tests run as root (servers that refuse root). */
    private static List<String> asUser(boolean root, String user, String... command) {
        List<String> out = new ArrayList<>();
        if (root) {
            out.addAll(List.of("runuser", "-u", user, "--"));
        }
        out.addAll(List.of(command));
        return out;
    }

    /** A server of a Debian package run from a temporary directory of its own, which goes with it. */
    private static final class Daemon implements AutoCloseable {
        private final Process process;
        private final Path dir;

        /** Starts {@code command} and waits until it listens on {@code port}; {@code apt}: the package that has it. */
        Daemon(Path dir, List<String> command, int port, String apt) throws Exception {
            this.dir = dir;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(command.get(0) + " is not installed: run .ci/run (apt-get install " + apt + ")", e);
            }
            waitForPort(port, process, dir.resolve("out.log"));
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            deleteTree(dir);
        }
    }

    /** A daemon's path in /usr/sbin, where Debian puts it (not on a non-root PATH), else its name. */
    private static String sbin(String name) {
        return Files.isExecutable(Path.of("/usr/sbin", name)) ? "/usr/sbin/" + name : name;
    }

    /** dnsmasq answering for greenlight.test: api.greenlight.test is 127.0.0.7, other names there are NXDOMAIN. */
    static final class Dnsmasq implements AutoCloseable {
        final int port;
        private final Process server;
        private final Path log;

        Dnsmasq() throws Exception {
            port = freeUdpPort();
            log = Files.createTempFile("greenlight-dnsmasq", ".log");
            try {
                server = new ProcessBuilder("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=" + port,
                        "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                        "--local=/greenlight.test/", "--address=/api.greenlight.test/127.0.0.7", "--log-facility=-",
                        "--pid-file=").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("dnsmasq is not installed: run .ci/run (apt-get install dnsmasq-base)", e);
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(log).contains("started") && server.isAlive() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("dnsmasq exited: " + Files.readString(log));
            }
        }

        @Override
        public void close() throws Exception {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log); // tests leave nothing in /tmp
        }

        private static int freeUdpPort() throws IOException {
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }

    /** nginx as a reverse proxy on loopback: every path is passed to {@code upstreamPort} (which may be closed). */
    static final class Nginx implements AutoCloseable {
        final int port;
        private final Daemon daemon;

        Nginx(int upstreamPort) throws Exception {
            this(upstreamPort, false);
        }

        /**
         * @param caching keep 200 answers for 1 s and serve them stale when the upstream fails (proxy_cache_use_stale), saying
         *                which in {@code X-Cache-Status} as nginx setups usually do
         */
        Nginx(int upstreamPort, boolean caching) throws Exception {
            this("proxy_pass http://127.0.0.1:" + upstreamPort + "; proxy_connect_timeout 2s; proxy_read_timeout 2s; "
                    + (!caching ? "" : "proxy_cache gl; proxy_cache_valid 200 1s; proxy_cache_use_stale error timeout http_502 "
                    + "http_503; add_header X-Cache-Status $upstream_cache_status always;"));
        }

        /** nginx serving the files under {@code root}, as a server with no site configured serves its package's page. */
        static Nginx serving(Path root) throws Exception {
            return new Nginx("root " + root + "; index index.html;");
        }

        /**
         * nginx with the maintenance switch of many Rails and PHP deployments: while {@code root/maintenance.html} exists it
         * answers every path with it (200), else it passes the request to {@code upstreamPort}.
         */
        static Nginx withMaintenanceSwitch(Path root, int upstreamPort) throws Exception {
            // the template's "location / { ... }" gets the try_files, then a named location of its own
            return new Nginx("root " + root + "; try_files /maintenance.html @app; } location @app { proxy_pass http://127.0.0.1:"
                    + upstreamPort + ";");
        }

        /**
         * nginx serving the files under {@code root} as many static sites and single-page-app hosts are set up: a missing
         * path answered with {@code root/404.html} and 200; and under {@code /app/} a proxy to {@code upstreamPort} whose
         * failures are answered with {@code root/50x.html} and 200.
         */
        static Nginx withErrorPagesAs200(Path root, int upstreamPort) throws Exception {
            return new Nginx("root " + root + "; error_page 404 =200 /404.html; } location /app/ { proxy_pass http://127.0.0.1:"
                    + upstreamPort + "/; proxy_intercept_errors on; error_page 502 503 504 =200 /50x.html;");
        }

        /** nginx taking gRPC calls over HTTP/2 in the clear and passing them to the gRPC server on {@code upstreamPort}. */
        static Nginx grpcProxy(int upstreamPort) throws Exception {
            return new Nginx(" http2", "grpc_pass grpc://127.0.0.1:" + upstreamPort + "; grpc_connect_timeout 2s;");
        }

        private Nginx(String location) throws Exception {
            this("", location);
        }

        private Nginx(String listenOptions, String location) throws Exception {
            port = freePort();
            Path dir = Files.createTempDirectory("greenlight-nginx");
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, """
                    daemon off;
                    %s
                    pid %s/nginx.pid;
                    error_log %s/error.log;
                    events { worker_connections 64; }
                    http {
                      access_log off;
                      client_body_temp_path %s; proxy_temp_path %s; fastcgi_temp_path %s; uwsgi_temp_path %s; scgi_temp_path %s;
                      proxy_cache_path %s/cache keys_zone=gl:1m;
                      server {
                        listen 127.0.0.1:%d%s;
                        location / { %s }
                      }
                    }
                    """.formatted("root".equals(System.getProperty("user.name")) ? "user root;" : "", dir, dir, dir, dir, dir,
                    dir, dir, dir, port, listenOptions, location));
            daemon = new Daemon(dir, List.of(sbin("nginx"), "-c", conf.toString(), "-p", dir.toString()), port, "nginx-light");
        }

        @Override
        public void close() throws Exception {
            daemon.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, Process server, Path log) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the server did not listen on " + port + " within 30 s: "
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void run(List<String> command) throws Exception {
        run(command, List.of());
    }

    private static void run(List<String> command, List<String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (String pair : env) {
            String[] kv = pair.split("=", 2);
            builder.environment().put(kv[0], kv[1]);
        }
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
